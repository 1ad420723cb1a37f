#include <stdio.h>
#include "shared.h"

int main_data = 7;

void report(const char *who)
{
    printf("report from %s: counter=%d\n", who, counter);
}

int main(void)
{
    bump(twice(main_data));
    for (int i = 0; i < names_count; i++)
        printf("name %d: %s\n", i, name_at(i));
    report("main");
    return counter == 14 + 3 ? 0 : 1;
}
