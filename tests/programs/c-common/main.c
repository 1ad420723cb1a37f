#include <stdio.h>

/* Tentative definitions built with -fcommon: the same symbol as COMMON in
   several objects with different sizes; the linker allocates the largest. */
int shared_counter;
char shared_buf[16];
extern int init_in_other;
int tentative_then_init;

void fill_big(void);
int big_sum(void);
void bump_counter(void);

int main(void)
{
    for (int i = 0; i < 16; i++)
        shared_buf[i] = (char)i;
    fill_big();   /* writes all 256 bytes of shared_buf as seen from big.c */
    bump_counter();
    bump_counter();
    printf("counter=%d big_sum=%d buf[15]=%d init_in_other=%d tentative=%d\n",
           shared_counter, big_sum(), shared_buf[15], init_in_other, tentative_then_init);
    return 0;
}
