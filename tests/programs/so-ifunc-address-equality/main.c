#include <dlfcn.h>
#include <stdio.h>

int lib_ifn(int);
int lib_plain(int);
void *lib_address_of_lib_ifn(void);
void *lib_address_of_lib_plain(void);
int lib_calls_lib_ifn(int);

static const char *same(void *a, void *b) { return a == b ? "yes" : "no"; }

int main(void)
{
    int (*lib_p)(int) = lib_ifn, (*plain_p)(int) = lib_plain;
    printf("library's IFUNC: %d %d %d, address equal in both: %s\n", lib_ifn(5), lib_p(6), lib_calls_lib_ifn(7),
           same((void *)lib_p, lib_address_of_lib_ifn()));
    printf("library's function: %d, address equal in both: %s\n", plain_p(1), same((void *)plain_p, lib_address_of_lib_plain()));

    void *h = dlopen("libifplug.so", RTLD_NOW);
    if (!h) {
        printf("dlopen failed\n");
        return 1;
    }
    int (*plug)(int) = (int (*)(int))dlsym(h, "plug_ifn");
    void *(*own)(void) = (void *(*)(void))dlsym(h, "plug_address_of_plug_ifn");
    printf("plugin's IFUNC via dlsym: %d, equal to the plugin's own pointer: %s\n", plug ? plug(9) : -1,
           plug && own ? same((void *)plug, own()) : "missing");
    return 0;
}
