#include <cstdio>
#include <dlfcn.h>
extern "C" int calc_add(int, int);
namespace shapes { int area(int); }
namespace geometry { int volume(int); }
int main() {
  std::printf("calls: %d %d %d\n", calc_add(2, 3), shapes::area(4), geometry::volume(3));
  void *h = dlopen("libwild.so", RTLD_NOW);
  if (!h) return 1;
  const char *names[] = {"calc_add", "calc_sub", "geta", "getab", "seta", "setc", "tmp_keep", "tmp_drop", "other",
                         "_ZN6shapes4areaEi", "_ZN6shapes9perimeterEi", "_ZN8geometry6volumeEi"};
  for (const char *n : names) std::printf("%s: %s\n", n, dlsym(h, n) ? "exported" : "hidden");
  return 0;
}
