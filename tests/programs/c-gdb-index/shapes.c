struct shape { int kind; double size; };
enum kind { SQUARE, CIRCLE };
typedef double area_t;

static area_t square(double s) { return s * s; }
static area_t circle(double r) { return 3.0 * r * r; }

area_t shape_area(const struct shape *s)
{
    return s->kind == SQUARE ? square(s->size) : circle(s->size);
}
