#pragma once
#include <cstdio>
#include <string>

struct Tracer {
    std::string name;
    explicit Tracer(const char *n) : name(n) { std::printf("construct %s\n", name.c_str()); }
    ~Tracer() { std::printf("destroy %s\n", name.c_str()); }
};

Tracer &lazy_singleton();
extern Tracer a1;
int registry_count();
void registry_add(const char *what);
