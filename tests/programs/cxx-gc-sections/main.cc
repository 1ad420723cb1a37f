#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

std::string used_api(int n);
struct Base { virtual ~Base() = default; virtual int f() const { return 1; } };
struct Derived : Base { int f() const override; };

int main()
{
    Derived d;
    const Base &b = d;
    std::printf("%s f=%d\n", used_api(3).c_str(), b.f());
    try {
        std::vector<int> v;
        (void)v.at(2);
    } catch (const std::out_of_range &) {
        std::printf("out_of_range still caught after --gc-sections\n");
    }
    return 0;
}
