// C++ with iostream, std::string/map, a static object and an exception caught in main.
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

struct Banner {
    Banner() { std::cout << "start\n"; }
    ~Banner() { std::cout << "stop\n"; }
} banner;

static int parse(const std::string& s) {
    if (s.empty()) throw std::invalid_argument("empty");
    return std::stoi(s);
}

int main() {
    std::map<std::string, int> m{{"a", 1}, {"b", 2}};
    try {
        parse("");
    } catch (const std::exception& e) {
        std::cout << "caught " << e.what() << ' ' << m["b"] + parse("40") << '\n';
    }
    return 0;
}
