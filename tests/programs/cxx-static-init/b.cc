#include "tracer.h"
#include <vector>

static std::vector<std::string> &registry()
{
    static std::vector<std::string> r; // constructed on first use, whatever the TU order
    return r;
}

void registry_add(const char *what)
{
    registry().push_back(what);
    std::printf("registered %s\n", what);
}

int registry_count() { return (int)registry().size(); }

Tracer &lazy_singleton()
{
    static Tracer t("lazy");
    return t;
}

Tracer b1("b1");
static int b_registered = (registry_add("from b.cc"), 1);
