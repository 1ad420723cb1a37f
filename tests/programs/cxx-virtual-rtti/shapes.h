#pragma once
#include <memory>
#include <string>
#include <vector>

struct Named { virtual ~Named(); virtual std::string name() const = 0; };
struct Area { virtual ~Area(); virtual double area() const = 0; };

// Key functions are defined out of line in shapes.cc: the vtables live there only.
struct Circle : Named, Area {
    double r;
    explicit Circle(double r);
    std::string name() const override;
    double area() const override;
};
struct Rect : Named, Area {
    double w, h;
    Rect(double w, double h);
    std::string name() const override;
    double area() const override;
};
struct Square final : Rect {
    explicit Square(double s);
    std::string name() const override;
};

std::vector<std::unique_ptr<Named>> make_shapes();
