#include <stdio.h>
int many_65301(void), many_0(void), many_1(void), many_65279(void), many_65280(void), many_65300(void), many_69999(void);
static int (*const table[])(void) = {many_0, many_1, many_65279, many_65280, many_65300, many_69999};
int main(void)
{
    for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
        printf("%d\n", table[i]());
    printf("direct: %d\n", many_65301() );
    return 0;
}
