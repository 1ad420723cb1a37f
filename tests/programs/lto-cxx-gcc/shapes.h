#pragma once
#include <memory>
#include <string>
#include <vector>

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};

// Inline and template code instantiated in several objects: COMDAT groups in every object that LTO merges.
template <typename T> T clamp_to(T v, T lo, T hi) { return v < lo ? lo : v > hi ? hi : v; }
inline int shared_inline(int x) { return x * 3 + 1; }

std::unique_ptr<Shape> make_shape(const std::string& kind, double size);
std::vector<std::string>& registry();
double checked_area(const Shape& s);
