#include <stdio.h>
#include <dlfcn.h>
extern int counter; int bump(void); int twice(int); const char *greet(void);
int main(int argc, char **argv) {
  bump(); printf("%s twice=%d counter=%d\n", greet(), twice(21), counter);
  void *h = dlopen(argc > 1 ? argv[1] : "libdemo.so", RTLD_NOW); if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
  int (*t)(int) = (int (*)(int))dlsym(h, "twice"); printf("dlsym twice(5)=%d\n", t(5)); return 0; }
