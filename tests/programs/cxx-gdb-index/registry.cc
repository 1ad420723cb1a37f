#include <map>
#include <string>

namespace reg {
template <class T> struct Counter { T n{}; void bump() { ++n; } };
static std::map<std::string, Counter<int>> entries;

void add(const std::string &name) { entries[name].bump(); }
int count(const std::string &name) { return entries[name].n; }
int never_called(int x) { return x * 7; }
}
