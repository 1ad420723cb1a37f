#include "registry.h"
static int two(void) { return 2; }
static int three(void) { return 3; }
REGISTER("a.two", two, 2);
REGISTER("a.three", three, 3);
