#include "shapes.h"

Named::~Named() = default;
Area::~Area() = default;
Circle::Circle(double r) : r(r) {}
std::string Circle::name() const { return "circle"; }
double Circle::area() const { return 3.0 * r * r; }
Rect::Rect(double w, double h) : w(w), h(h) {}
std::string Rect::name() const { return "rect"; }
double Rect::area() const { return w * h; }
Square::Square(double s) : Rect(s, s) {}
std::string Square::name() const { return "square"; }

std::vector<std::unique_ptr<Named>> make_shapes()
{
    std::vector<std::unique_ptr<Named>> v;
    v.push_back(std::make_unique<Circle>(2));
    v.push_back(std::make_unique<Rect>(2, 5));
    v.push_back(std::make_unique<Square>(3));
    return v;
}
