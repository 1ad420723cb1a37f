#include <stdio.h>

void plugin_register(void) {}

__attribute__((constructor)) static void announce(void)
{
    puts("plugin member loaded");
}
