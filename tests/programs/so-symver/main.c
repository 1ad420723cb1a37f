#define _GNU_SOURCE
#include <stdio.h>
#include <dlfcn.h>
int sv_compute(int);
extern int sv_limit;
int sv_stable(void);
int main(void) {
  printf("sv_compute(3)=%d sv_limit=%d sv_stable=%d\n", sv_compute(3), sv_limit, sv_stable());
  void *h = dlopen("libsv.so", RTLD_NOW);
  if (!h) return 1;
  int (*v1)(int) = (int (*)(int))dlvsym(h, "sv_compute", "SV_1");
  int (*v2)(int) = (int (*)(int))dlvsym(h, "sv_compute", "SV_2");
  int (*dflt)(int) = (int (*)(int))dlsym(h, "sv_compute");
  printf("dlvsym SV_1: %d, SV_2: %d, dlsym default: %d\n", v1 ? v1(3) : -1, v2 ? v2(3) : -1, dflt ? dflt(3) : -1);
  int *l1 = (int *)dlvsym(h, "sv_limit", "SV_1");
  printf("sv_limit@SV_1=%d\n", l1 ? *l1 : -1);
  printf("sv_stable2 under SV_2: %s, under SV_1: %s\n", dlvsym(h, "sv_stable2", "SV_2") ? "found" : "null",
         dlvsym(h, "sv_stable2", "SV_1") ? "found" : "null");
  return 0;
}
