#include "registry.h"
static int four(void) { return 4; }
REGISTER("b.four", four, 4);
