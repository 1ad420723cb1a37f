#include <stdio.h>
__attribute__((constructor)) static void loud(void) { printf("libforced.so constructor ran\n"); }
int forced_function(int x) { return x * 40; }
