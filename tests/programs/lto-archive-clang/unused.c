#include <stdio.h>

__attribute__((constructor)) static void announce(void) { puts("the unused member's constructor ran"); }
int unused_function(int x) { return x * 2; }
