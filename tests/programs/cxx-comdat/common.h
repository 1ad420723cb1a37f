#pragma once
#include <cstdio>

template <typename T>
T twice(T x) { return x + x; }

template <typename T>
struct Counter {
    static int count;           // one instance per T in the whole program
    static int next() { return ++count; }
};
template <typename T> int Counter<T>::count = 0;

inline int shared_inline_state()
{
    static int calls = 0;       // must be one object, not one per TU
    return ++calls;
}

inline int inline_var = 7;      // C++17 inline variable

struct Shape {
    virtual ~Shape() = default;
    virtual const char *name() const { return "shape"; }
    virtual int sides() const = 0;
};
struct Square : Shape {         // vtable emitted in every TU that uses it (vague linkage)
    const char *name() const override { return "square"; }
    int sides() const override { return 4; }
};

using fnptr = int (*)();
fnptr inline_address_a();
fnptr inline_address_b();
int use_a();
int use_b();
const Shape &shape_a();
const Shape &shape_b();
int *inline_var_address_a();
int *inline_var_address_b();
