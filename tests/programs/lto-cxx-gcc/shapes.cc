#include "shapes.h"
#include <stdexcept>

namespace {
struct Square : Shape {
    double side;
    explicit Square(double s) : side(s) {}
    double area() const override { return side * side; }
    std::string name() const override { return "square"; }
};
struct Circle : Shape {
    double r;
    explicit Circle(double r) : r(r) {}
    double area() const override { return 3.0 * r * r; }
    std::string name() const override { return "circle"; }
};
// A static constructor in this object: it must run exactly once, before main.
struct Register {
    Register() { registry().push_back("shapes"); }
} register_shapes;
}

std::unique_ptr<Shape> make_shape(const std::string& kind, double size)
{
    if (kind == "square") return std::make_unique<Square>(size);
    if (kind == "circle") return std::make_unique<Circle>(size);
    throw std::invalid_argument("unknown shape: " + kind);
}

double checked_area(const Shape& s)
{
    double a = s.area();
    if (a > 100) throw std::out_of_range(s.name() + " too large");
    return clamp_to(a, 0.0, 100.0) + shared_inline(0);
}
