#include <stdio.h>
#include <dlfcn.h>
int main(void) {
  void *p = dlopen("libprovider.so", RTLD_NOW | RTLD_LOCAL);
  if (!p) { printf("provider dlopen failed\n"); return 1; }
  printf("local: dlsym(handle)=%s dlsym(RTLD_DEFAULT)=%s\n", dlsym(p, "provided_value") ? "found" : "null",
         dlsym(RTLD_DEFAULT, "provided_value") ? "found" : "null");
  void *c = dlopen("libconsumer.so", RTLD_NOW);
  printf("consumer with local provider: %s\n", c ? "loaded" : "refused");
  if (c) return 2;
  void *p2 = dlopen("libprovider.so", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  printf("promoted: %s, same handle: %s\n", p2 ? "yes" : "no", p2 == p ? "yes" : "no");
  printf("global: dlsym(RTLD_DEFAULT)=%s\n", dlsym(RTLD_DEFAULT, "provided_value") ? "found" : "null");
  c = dlopen("libconsumer.so", RTLD_NOW);
  if (!c) { printf("consumer still refused\n"); return 3; }
  int (*consume)(void) = (int (*)(void))dlsym(c, "consume");
  printf("consume()=%d\n", consume());
  int *v = (int *)dlsym(p, "provided_value");
  *v = 50;
  printf("after write consume()=%d\n", consume());
  return 0;
}
