// Calls both folded exports through the PLT and by dlsym, and compares the exported tables' addresses.
#include <dlfcn.h>
#include <stdio.h>

int lib_f1(int);
int lib_f2(int);
int lib_tables_same(void);
extern const int lib_table1[6];
extern const int lib_table2[6];

int main(void) {
    printf("f1=%d f2=%d\n", lib_f1(1), lib_f2(2));
    void *h = dlopen("libfold.so", RTLD_NOW);
    if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
    int (*g1)(int) = (int (*)(int))dlsym(h, "lib_f1");
    int (*g2)(int) = (int (*)(int))dlsym(h, "lib_f2");
    printf("dlsym f1=%d f2=%d\n", g1 ? g1(3) : -1, g2 ? g2(4) : -1);
    printf("tables distinct=%d inside=%d sum=%d\n", lib_table1 != lib_table2, lib_tables_same(), lib_table1[5] + lib_table2[2]);
    return 0;
}
