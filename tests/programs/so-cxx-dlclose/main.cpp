#include <cstdio>
#include <dlfcn.h>
#include <string>
int main() {
  /* The program uses libstdc++ itself, so it is loaded (and relocated) before the plugin. */
  std::string what = std::string("opening") + " the plugin";
  std::printf("%s\n", what.c_str());
  void *h = dlopen("libcxxplug.so", RTLD_NOW);
  if (!h) { std::printf("refused\n"); return 1; }
  auto use = reinterpret_cast<int (*)(int)>(dlsym(h, "plugin_use"));
  int a = use(1);
  int b = use(2);
  std::printf("use: %d %d\n", a, b);
  std::printf("closing\n");
  dlclose(h);
  std::printf("closed, loaded: %s\n", dlopen("libcxxplug.so", RTLD_NOW | RTLD_NOLOAD) ? "yes" : "no");
  return 0;
}
