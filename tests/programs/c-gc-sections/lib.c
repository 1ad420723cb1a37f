#include <stdio.h>

struct plugin { const char *name; int (*run)(int); };

int used_function(int x) { return x * 11; }
int unused_function(int x) { return x * 13; }            /* collected */
int used_data[4] = { 1, 2, 3, 4 };
int unused_data[1024] = { 5 };                          /* collected */

/* Kept although nothing references it, because of the attribute. */
__attribute__((used)) static int kept_by_attribute(void) { return 77; }

static int double_it(int x) { return 2 * x; }
static int negate(int x) { return -x; }

__attribute__((used, section("plugins"))) static const struct plugin p1 = { "double", double_it };
__attribute__((used, section("plugins"))) static const struct plugin p2 = { "negate", negate };
