#include <stdio.h>
#include <dlfcn.h>
int scale(int);
const char *impl_name(void);
int lib_scale(int);
void *lib_scale_pointer(void);
int main(void) {
  printf("scale(21)=%d lib_scale(21)=%d impl=%s\n", scale(21), lib_scale(21), impl_name());
  int (*p)(int) = scale;
  printf("through pointer: %d, pointer equal to library's: %s\n", p(5), (void *)p == lib_scale_pointer() ? "yes" : "no");
  void *h = dlopen("libifn.so", RTLD_NOW);
  int (*q)(int) = h ? (int (*)(int))dlsym(h, "scale") : 0;
  printf("dlsym: %d\n", q ? q(7) : -1);
  return 0;
}
