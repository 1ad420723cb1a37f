#include <stdio.h>

const char *asm_greet(void);
int asm_dup_same(void);
long asm_const_sum(void);

int main(void)
{
    printf("greet: %s\n", asm_greet());
    printf("const sum: %lx\n", asm_const_sum());
    printf("duplicate strings in one section folded: %s\n", asm_dup_same() ? "yes" : "no");
    printf("C literal: %s\n", "duplicate");
    return 0;
}
