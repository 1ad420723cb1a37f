#include "calc.h"

static const char *const names[] = { "zero", "one", "two" };
const char *table_name(int i) { return names[i]; }
int hook(int x) { return x * 100; }

extern int nowhere_defined(int);
// Never called: optimised away before the undefined reference reaches the final link.
int unused_entry(int x) { return nowhere_defined(x) + 1; }
