#include "counter.h"
extern "C" int bump_b() { return ++shared_counter(); }
