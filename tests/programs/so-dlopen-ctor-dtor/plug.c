#include <stdio.h>
static int state;
__attribute__((constructor)) static void plug_init(void) { state = 100; printf("plugin constructor\n"); }
__attribute__((destructor)) static void plug_fini(void) { printf("plugin destructor (state %d)\n", state); }
int plug_add(int x) { state += x; return state; }
int plug_state = 5;
