#include <stdio.h>
#include <stdlib.h>

static void nested(void) { puts("registered from a handler"); }
static void from_more(void)
{
    puts("handler from more.c");
    atexit(nested);
}
void register_more(void) { atexit(from_more); }
