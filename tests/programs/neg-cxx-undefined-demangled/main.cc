// geometry::area(Shape const&, int) is declared but defined nowhere: the error names it as the source does
// (lld: "undefined symbol: geometry::area(geometry::Shape const&, int)"), not as _ZN8geometry4areaERKNS_5ShapeEi.
namespace geometry {
struct Shape { int w, h; };
int area(const Shape &s, int scale);
}

int main()
{
    geometry::Shape s{2, 3};
    return geometry::area(s, 1) == 6 ? 0 : 1;
}
