#include <dlfcn.h>
#include <stdio.h>

int outer_api(int x);

/* The program's own helper_scale: the library must keep calling its private copy. */
int helper_scale(int x) { return -x; }

int main(void)
{
    printf("outer_api(2) = %d\n", outer_api(2));
    void *h = dlopen("libouter.so", RTLD_NOW);
    printf("dlopen: %s\n", h ? "ok" : "failed");
    printf("outer_api exported: %s\n", h && dlsym(h, "outer_api") ? "yes" : "no");
    printf("helper_scale exported: %s\n", h && dlsym(h, "helper_scale") == (void *)helper_scale ? "program's" : "no");
    printf("helper_state exported: %s\n", h && dlsym(h, "helper_state") ? "yes" : "no");
    return 0;
}
