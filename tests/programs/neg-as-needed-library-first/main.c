#include <math.h>
#include <stdio.h>

/* cos comes only from libm.so, which the link names before this object: with --as-needed, GNU ld drops libm
   when it reaches it (nothing has used it yet), so cos is undefined here. */
int main(void)
{
    volatile double x = 0.5;
    printf("%.3f\n", cos(x));
    return 0;
}
