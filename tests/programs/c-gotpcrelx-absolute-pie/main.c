#include <stdio.h>
// The load is written out so the compiler cannot choose another form (it compares through the GOT).
static unsigned long load_assembled(void)
{
    unsigned long v;
    __asm__("movq far_assembled@GOTPCREL(%%rip), %0" : "=r"(v));
    return v;
}
int main(void)
{
    printf("%s\n", load_assembled() == 0x7edcba987650ul ? "abs ok" : "abs wrong");
    return 0;
}
