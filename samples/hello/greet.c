/* Defined here, used from hello.c: a data symbol, a function calling into libc, and one that does not. */
#include <stdio.h>
#include "greet.h"

int greet_count;

int greet(char *buf, size_t len, const char *name)
{
    greet_count++;
    return snprintf(buf, len, "Hello, %s, from a statically linked program!", name);
}

long sum_to(int n)
{
    long total = 0;
    for (int i = 1; i <= n; i++)
        total += i;
    return total;
}
