#include <stdio.h>
#include <dlfcn.h>
int vs_public(int);
extern int vs_value;
/* Same name as a library symbol the version script made local: no clash, no interposition. */
int vs_helper(int x) { return -x; }
int main(void) {
  printf("vs_public(1)=%d vs_value=%d own helper=%d\n", vs_public(1), vs_value, vs_helper(1));
  void *h = dlopen("libvs.so", RTLD_NOW);
  const char *names[] = {"vs_public", "vs_value", "vs_helper", "vs_internal_data"};
  for (int i = 0; i < 4; i++) printf("dlsym %s: %s\n", names[i], h && dlsym(h, names[i]) ? "found" : "null");
  return 0;
}
