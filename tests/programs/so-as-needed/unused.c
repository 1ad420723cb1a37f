#include <stdio.h>
__attribute__((constructor)) static void loud(void) { printf("libunused.so constructor ran\n"); }
int unused_function(int x) { return x - 40; }
