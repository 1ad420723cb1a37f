#include <stdio.h>

long square(long x);
long pick_count(void);

int main(void)
{
    printf("square(12) = %ld\n", square(12));
    printf("resolver ran %ld time(s)\n", pick_count());
    return (int)square(3);
}
