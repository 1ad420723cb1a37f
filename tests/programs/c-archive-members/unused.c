#include <stdio.h>
/* Not needed by anything: its constructor must not run. */
__attribute__((constructor)) static void noisy(void) { puts("unused member was linked!"); }
int unused_member_fn(void) { return 1; }
