#include <map>
#include <string>
int checked_div(int a, int b);
std::string describe(int v)
{
    static const std::map<int, std::string> names = { { 42, "forty-two" } };
    int half = checked_div(v, v < 0 ? 0 : 2);
    auto it = names.find(half);
    return std::to_string(v) + "/2 = " + (it != names.end() ? it->second : std::to_string(half));
}
