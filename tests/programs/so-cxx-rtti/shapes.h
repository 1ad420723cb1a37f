#include <typeinfo>
struct Shape {
  virtual ~Shape();
  virtual int area() const = 0;
  virtual const char *name() const { return "shape"; }
};
struct Square : Shape {
  int side;
  explicit Square(int s) : side(s) {}
  int area() const override;
  const char *name() const override;
};
Shape *make_square(int side);
int total_area(Shape *const *shapes, int n);
bool is_square(const Shape *s);
const std::type_info &square_type();
const std::type_info &type_of(const Shape &s);
