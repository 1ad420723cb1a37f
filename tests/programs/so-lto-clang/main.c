#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>

int lib_one(int x);
int lib_two(int x);
extern int lib_data;

int main(void)
{
    printf("%d %d %d\n", lib_one(2), lib_two(3), lib_data);
    void *self = dlopen("liblto.so", RTLD_NOW);
    printf("lib_one exported: %s\n", self && dlsym(self, "lib_one") ? "yes" : "no");
    printf("lib_internal exported: %s\n", self && dlsym(self, "lib_internal") ? "yes" : "no");
    printf("versioned: %s\n", self && dlvsym(self, "lib_two", "LTO_1.0") ? "yes" : "no");
    return 0;
}
