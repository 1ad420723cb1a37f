#include <stdio.h>

#define BIG (64u << 20)
extern unsigned char big_bss[BIG];
static unsigned char local_big[16u << 20];
int after_big = 9;

int main(void)
{
    /* Untouched bss must read as zero; touch both ends. */
    int zero = big_bss[0] == 0 && big_bss[BIG / 2] == 0 && big_bss[BIG - 1] == 0 && local_big[12345] == 0;
    big_bss[0] = 1;
    big_bss[BIG - 1] = 2;
    local_big[sizeof local_big - 1] = 3;
    printf("zero before: %d, ends: %d %d %d, after_big=%d\n", zero, big_bss[0], big_bss[BIG - 1],
           local_big[sizeof local_big - 1], after_big);
    return 0;
}
