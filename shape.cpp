namespace geo { struct Circle { double r; double area() const; }; double Circle::area() const { return 3.14 * r * r; } }
