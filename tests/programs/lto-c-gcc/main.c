// Cross-object inlining candidates, data shared between objects, a function pointer table, a weak default
// replaced by a strong definition, and a function that is never called but refers to a symbol no input defines:
// link-time optimisation drops it, so the link succeeds with GNU ld, and must with wild.
#include <stdio.h>
#include <string.h>
#include "calc.h"

int counter = 5;

int main(int argc, char **argv)
{
    (void)argv;
    int total = 0;
    for (int i = 0; i < 10; i++)
        total += square(i) + apply(i % 3, i, argc);
    printf("total %d\n", total);
    printf("table %s %s\n", table_name(0), table_name(2));
    int bumped = bump();
    printf("counter %d bumped %d\n", counter, bumped);
    printf("hook %d\n", hook(7));
    char buf[64];
    memcpy(buf, "link-time optimisation", 23);
    printf("%s %zu\n", buf, strlen(buf));
    return total & 0x3f;
}
