#include <stdio.h>
#include <dlfcn.h>
int mid_compute(int);
int *mid_counter_address(void);
int main(void) {
  printf("mid_compute(4)=%d\n", mid_compute(4));
  printf("counter via mid=%d\n", *mid_counter_address());
  void *b = dlopen("libbase.so", RTLD_NOW | RTLD_NOLOAD);
  printf("libbase.so loaded as a dependency: %s\n", b ? "yes" : "no");
  if (b) printf("same counter object: %s\n", dlsym(b, "base_counter") == (void *)mid_counter_address() ? "yes" : "no");
  return 0;
}
