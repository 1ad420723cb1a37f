#include <stdio.h>
#include <string.h>
#include <dlfcn.h>
char app_name[16] = "corpus-app";
static int lines;
int app_log(const char *msg) { printf("app_log[%d]: %s\n", lines, msg); return (int)strlen(msg) + lines++; }
int main(void) {
  printf("app_log visible: %s\n", dlsym(RTLD_DEFAULT, "app_log") == (void *)app_log ? "yes" : "no");
  void *h = dlopen("libcallback.so", RTLD_NOW);
  if (!h) { printf("plugin refused\n"); return 1; }
  int (*entry)(void) = (int (*)(void))dlsym(h, "plugin_entry");
  int n = entry();
  printf("plugin_entry()=%d app_name=%s\n", n, app_name);
  return 0;
}
