#include <stdio.h>

unsigned crc_o0(const char *s);
unsigned crc_o2(const char *s);
unsigned crc_os(const char *s);
int fib_o0(int n);
int fib_o2(int n);

int main(void)
{
    const char *s = "the same function at three optimisation levels";
    printf("crc: %08x %08x %08x\n", crc_o0(s), crc_o2(s), crc_os(s));
    printf("fib: %d %d\n", fib_o0(25), fib_o2(25));
    return crc_o0(s) == crc_o2(s) && crc_o2(s) == crc_os(s) ? 0 : 1;
}
