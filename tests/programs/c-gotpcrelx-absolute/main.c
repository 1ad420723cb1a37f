#include <stdio.h>
// The loads are written out so the compiler cannot choose another form (it compares through the GOT).
static unsigned long load_defsym(void)
{
    unsigned long v;
    __asm__("movq far_defsym@GOTPCREL(%%rip), %0" : "=r"(v));
    return v;
}
static unsigned long load_assembled(void)
{
    unsigned long v;
    __asm__("movq far_assembled@GOTPCREL(%%rip), %0" : "=r"(v));
    return v;
}
int local_value = 5;
static int *load_local(void)
{
    int *v;
    __asm__("movq local_value@GOTPCREL(%%rip), %0" : "=r"(v));
    return v;
}
int main(void)
{
    printf("%s %s %d\n", load_defsym() == 0x123456789000ul ? "defsym ok" : "defsym wrong",
           load_assembled() == 0x7edcba987650ul ? "abs ok" : "abs wrong", *load_local());
    return 0;
}
