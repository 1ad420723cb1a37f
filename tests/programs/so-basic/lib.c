#include <stdio.h>
int counter = 40;
static int hidden_helper(int x) { return x + 1; }
__attribute__((visibility("hidden"))) int internal_value = 2;
int bump(void) { return ++counter; }
int twice(int x) { return 2 * hidden_helper(x - 1) + internal_value - 2; }
const char *greet(void) { static char buf[64]; snprintf(buf, sizeof buf, "hello from lib (%d)", counter); return buf; }
