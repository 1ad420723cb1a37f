#include <stdio.h>
#include <stdlib.h>
static void plug_handler(void) { printf("plugin handler (at dlclose)\n"); }
void plug_register(void) { atexit(plug_handler); }
