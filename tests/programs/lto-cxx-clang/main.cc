#include "shapes.h"
#include <algorithm>
#include <iostream>
#include <map>
#include <stdexcept>

int main()
{
    auto names = registry();
    std::sort(names.begin(), names.end());
    for (const auto& n : names) std::cout << "registered " << n << "\n";

    std::map<std::string, double> areas;
    for (const char* kind : {"square", "circle", "square"}) {
        auto s = make_shape(kind, areas.size() + 2.0);
        areas[s->name()] += checked_area(*s);
    }
    for (const auto& [k, v] : areas) std::cout << k << " " << v << "\n";

    int caught = 0;
    try {
        make_shape("hexagon", 1);
    } catch (const std::invalid_argument& e) {
        std::cout << "caught: " << e.what() << "\n";
        caught++;
    }
    try {
        checked_area(*make_shape("circle", 9));
    } catch (const std::exception& e) {
        std::cout << "caught: " << e.what() << "\n";
        caught++;
    }
    std::cout << clamp_to(shared_inline(5), 0, 10) << "\n";
    return caught;
}
