#include "shapes.h"

std::vector<std::string>& registry()
{
    static std::vector<std::string> names;
    return names;
}

namespace {
struct Register {
    Register() { registry().push_back("registry"); }
} register_self;
}
