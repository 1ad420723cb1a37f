#include <map>
#include <string>
struct Base { virtual ~Base() = default; virtual int f() const { return 1; } };
struct Derived : Base { int f() const override; };
int Derived::f() const { return 2; }

std::string used_api(int n) { return std::string(n, '*'); }
std::map<int, std::string> unused_api() { return { { 1, "unused" } }; }
