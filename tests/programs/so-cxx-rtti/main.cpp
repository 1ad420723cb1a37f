#include <cstdio>
#include <cstring>
#include "shapes.h"
struct Rect : Shape {
  int w, h;
  Rect(int a, int b) : w(a), h(b) {}
  int area() const override { return w * h; }
  const char *name() const override { return "rect"; }
};
struct Cube : Square {
  Cube(int s) : Square(s) {}
  int area() const override { return 6 * Square::area(); }
};
int main() {
  Shape *shapes[] = {make_square(3), new Rect(2, 5), new Cube(2)};
  std::printf("total area %d\n", total_area(shapes, 3));
  for (Shape *s : shapes)
    std::printf("%s: area %d, is_square %s, program cast %s\n", s->name(), s->area(), is_square(s) ? "yes" : "no",
                dynamic_cast<Square *>(s) ? "yes" : "no");
  std::printf("typeid(Square) same object on both sides: %s, equal: %s\n",
              &typeid(Square) == &square_type() ? "yes" : "no", typeid(Square) == square_type() ? "yes" : "no");
  std::printf("library sees Rect as Rect: %s, Cube as Cube: %s\n", type_of(*shapes[1]) == typeid(Rect) ? "yes" : "no",
              type_of(*shapes[2]) == typeid(Cube) ? "yes" : "no");
  std::printf("mangled name of library type: %s\n", square_type().name());
  for (Shape *s : shapes) delete s;
  return 0;
}
