#include <stdio.h>
#include <dlfcn.h>
int host_counter = 1;
int host_callback(int x) { return x * 1000; }
int host_unlisted(int x) { return x - 1; }
int main(void) {
  printf("RTLD_DEFAULT: host_callback %s, host_counter %s, host_unlisted %s\n",
         dlsym(RTLD_DEFAULT, "host_callback") ? "found" : "null", dlsym(RTLD_DEFAULT, "host_counter") ? "found" : "null",
         dlsym(RTLD_DEFAULT, "host_unlisted") ? "found" : "null");
  void *h = dlopen("libdlplug.so", RTLD_NOW);
  if (!h) { printf("plugin refused\n"); return 1; }
  int (*run)(int) = (int (*)(int))dlsym(h, "plugin_run");
  int r = run(3);
  printf("plugin_run(3)=%d host_counter=%d unlisted=%d\n", r, host_counter, host_unlisted(5));
  return 0;
}
