#include <elf.h>
#include <link.h>
#include <stdio.h>
extern ElfW(Dyn) _DYNAMIC[];
int branch_value(void);
int main(void) {
  int rpath = 0, runpath = 0;
  for (ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_RPATH) rpath++;
    if (d->d_tag == DT_RUNPATH) runpath++;
  }
  printf("DT_RPATH %d DT_RUNPATH %d\n", rpath, runpath);
  printf("branch_value()=%d\n", branch_value());
  return 0;
}
