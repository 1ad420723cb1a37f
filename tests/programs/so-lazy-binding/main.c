#include <stdio.h>
#include <dlfcn.h>
typedef int (*entry_fn)(int);
int main(void) {
  void *lazy = dlopen("liblazy.so", RTLD_LAZY);
  printf("liblazy.so with RTLD_LAZY: %s\n", lazy ? "loaded" : "refused");
  void *now = dlopen("libnow.so", RTLD_LAZY);
  printf("libnow.so (-z now) with RTLD_LAZY: %s\n", now ? "loaded" : "refused");
  if (!lazy || now) return 1;
  entry_fn lazy_entry = (entry_fn)dlsym(lazy, "lazy_entry");
  printf("lazy_entry(0)=%d\n", lazy_entry(0));
  void *late = dlopen("liblate.so", RTLD_NOW | RTLD_GLOBAL);
  if (!late) return 2;
  printf("lazy_entry(1)=%d (bound at the first call)\n", lazy_entry(1));
  now = dlopen("libnow.so", RTLD_LAZY);
  printf("libnow.so after liblate.so: %s\n", now ? "loaded" : "refused");
  if (!now) return 3;
  entry_fn now_entry = (entry_fn)dlsym(now, "now_entry");
  printf("now_entry(0)=%d now_entry(1)=%d\n", now_entry(0), now_entry(1));
  return 0;
}
