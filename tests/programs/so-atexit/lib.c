#include <stdio.h>
#include <stdlib.h>
static void lib_first(void) { printf("library handler 1\n"); }
static void lib_second(void) { printf("library handler 2\n"); }
void lib_register(int which) { atexit(which == 1 ? lib_first : lib_second); }
