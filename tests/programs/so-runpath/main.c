#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <dlfcn.h>
extern ElfW(Dyn) _DYNAMIC[];
int near_value(void);
int main(void) {
  int rpath = 0, runpath = 0;
  for (ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_RPATH) rpath++;
    if (d->d_tag == DT_RUNPATH) runpath++;
  }
  printf("DT_RPATH %d DT_RUNPATH %d\n", rpath, runpath);
  void *h = dlopen("libfar.so", RTLD_NOW);
  int (*far)(void) = h ? (int (*)(void))dlsym(h, "far_value") : 0;
  printf("near_value()=%d far_value()=%d\n", near_value(), far ? far() : -1);
  return 0;
}
