#include <stdio.h>
#include <dlfcn.h>
int used_function(int);
static const char *loaded(const char *name) { return dlopen(name, RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no"; }
int main(void) {
  printf("used_function(2)=%d\n", used_function(2));
  printf("libused.so loaded: %s\n", loaded("libused.so"));
  printf("libunused.so loaded: %s\n", loaded("libunused.so"));
  printf("libforced.so loaded: %s\n", loaded("libforced.so"));
  return 0;
}
