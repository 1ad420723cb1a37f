#include "counter.h"
extern "C" int bump_a() { return ++shared_counter(); }
