#include "errors.h"
#include <cstdio>

struct Guard {
    const char *name;
    ~Guard() { std::printf("unwinding past %s\n", name); }
};

void thrower(int kind)
{
    Guard g{"thrower"};
    switch (kind) {
    case 0: throw app_error("generic", 1);
    case 1: throw parse_error("bad token");
    case 2: throw 42;
    case 3: throw std::string("a string");
    default: std::printf("no throw for kind %d\n", kind);
    }
}

void rethrower(int kind)
{
    try {
        thrower(kind);
    } catch (app_error &e) {
        std::printf("rethrower saw: %s\n", e.what());
        e.code += 100;
        throw; // same object, modified
    }
}

int nothrow_path(int x) noexcept
{
    try {
        thrower(x);
    } catch (...) {
        return -1;
    }
    return x;
}
