#include <iostream>
#include <string>
#include <vector>

namespace reg {
void add(const std::string &name);
int count(const std::string &name);
}

struct Shape { virtual ~Shape() {} virtual double area() const = 0; };
struct Square : Shape { double s; explicit Square(double s) : s(s) {} double area() const override { return s * s; } };

int main()
{
    std::vector<std::string> names{"a", "b", "a"};
    for (const auto &n : names) reg::add(n);
    Square sq(3);
    const Shape &s = sq;
    std::cout << reg::count("a") << ' ' << reg::count("b") << ' ' << s.area() << '\n';
    return 0;
}
