/* The demo program of `./build.ps1 demo`: main here, the rest in greet.c, linked statically. */
#include <stdio.h>
#include "greet.h"

static const char *const names[] = { "Wild", "PowerShell" };

int main(void)
{
    char line[96];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        greet(line, sizeof line, names[i]);
        puts(line);
    }
    printf("greet() ran %d times; 1 + 2 + ... + 100 = %ld\n", greet_count, sum_to(100));
    return 0;
}
