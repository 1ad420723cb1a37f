#include <cstdio>
#include <string>
namespace {
struct Noisy {
  const char *name;
  explicit Noisy(const char *n) : name(n) { std::printf("construct %s\n", name); }
  ~Noisy() { std::printf("destroy %s\n", name); }
};
Noisy first("first global");
Noisy second("second global");
std::string label = std::string("label built at load time, long enough to allocate");
}
extern "C" int plugin_use(int n) {
  static Noisy lazy("function-local static");
  return n + (int)label.size();
}
