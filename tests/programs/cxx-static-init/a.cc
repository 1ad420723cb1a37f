#include "tracer.h"

Tracer a1("a1");
Tracer a2("a2");
static int a_registered = (registry_add("from a.cc"), 1);
