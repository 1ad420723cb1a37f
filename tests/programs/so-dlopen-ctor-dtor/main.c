#include <stdio.h>
#include <dlfcn.h>
int main(void) {
  printf("before dlopen: loaded=%s\n", dlopen("libplug.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
  void *h = dlopen("libplug.so", RTLD_NOW);
  if (!h) { printf("dlopen failed\n"); return 1; }
  int (*add)(int) = (int (*)(int))dlsym(h, "plug_add");
  int *data = (int *)dlsym(h, "plug_state");
  printf("dlsym: add=%s data=%s missing=%s\n", add ? "found" : "null", data ? "found" : "null",
         dlsym(h, "no_such_symbol") ? "found" : "null");
  int a1 = add(1);
  int a2 = add(20);
  printf("add(1)=%d add(20)=%d data=%d\n", a1, a2, *data);
  void *h2 = dlopen("libplug.so", RTLD_NOW);
  printf("second dlopen same handle: %s\n", h2 == h ? "yes" : "no");
  printf("dlclose 1: %d\n", dlclose(h2));
  void *probe = dlopen("libplug.so", RTLD_NOW | RTLD_NOLOAD);
  int a3 = add(3);
  printf("still loaded: %s add(3)=%d\n", probe ? "yes" : "no", a3);
  dlclose(h); /* the NOLOAD probe took a reference too */
  fflush(stdout);
  printf("dlclose 2: %d\n", dlclose(h));
  printf("after dlclose: loaded=%s\n", dlopen("libplug.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
  return 0;
}
