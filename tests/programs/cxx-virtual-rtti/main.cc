#include "shapes.h"
#include <cstdio>
#include <typeinfo>

int main()
{
    for (const auto &n : make_shapes()) {
        // Cross-cast through the second base: needs RTTI emitted in shapes.o.
        const Area *a = dynamic_cast<const Area *>(n.get());
        const Rect *r = dynamic_cast<const Rect *>(n.get());
        std::printf("%-6s area=%5.1f rect=%s square=%s typeid-square=%s\n", n->name().c_str(),
                    a ? a->area() : -1.0, r ? "yes" : "no",
                    dynamic_cast<const Square *>(n.get()) ? "yes" : "no",
                    typeid(*n) == typeid(Square) ? "yes" : "no");
    }
    try {
        auto shapes = make_shapes();
        const Named &n = *shapes[0];
        (void)dynamic_cast<const Rect &>(n);
    } catch (const std::bad_cast &) {
        std::printf("bad_cast caught\n");
    }
    return 0;
}
