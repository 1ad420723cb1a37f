#include "calc.h"

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }
static int (*const ops[])(int, int) = { add, sub, mul };

int square(int x) { return x * x; }
int apply(int op, int a, int b) { return ops[op](a, b); }
int bump(void) { return ++counter; }
__attribute__((weak)) int hook(int x) { return -x; }
