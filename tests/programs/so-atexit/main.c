#include <stdio.h>
#include <stdlib.h>
#include <dlfcn.h>
void lib_register(int);
static void program_handler(void) { printf("program handler\n"); }
int main(void) {
  lib_register(1);
  atexit(program_handler);
  lib_register(2);
  void *h = dlopen("libexitplug.so", RTLD_NOW);
  if (!h) return 1;
  ((void (*)(void))dlsym(h, "plug_register"))();
  printf("closing plugin\n");
  dlclose(h);
  printf("returning from main\n");
  return 0;
}
