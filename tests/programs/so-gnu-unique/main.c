#include <dlfcn.h>
#include <stdio.h>
int main(void)
{
    void *a = dlopen("libuniqa.so", RTLD_NOW | RTLD_LOCAL);
    void *b = dlopen("libuniqb.so", RTLD_NOW | RTLD_LOCAL);
    if (!a || !b) {
        printf("dlopen failed\n");
        return 1;
    }
    int (*bump_a)(void) = (int (*)(void))dlsym(a, "bump_a");
    int (*bump_b)(void) = (int (*)(void))dlsym(b, "bump_b");
    int x = bump_a(), y = bump_b(), z = bump_a();
    printf("counts: %d %d %d (shared: %s)\n", x, y, z, z == 3 ? "yes" : "no");
    return 0;
}
