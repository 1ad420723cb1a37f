#include <math.h>
#include <stdio.h>

double poly(double x); /* other.c */

int main(void)
{
    /* libm.a selects sin/cos/exp implementations with IFUNCs (FMA/AVX2 variants);
       the printed precision stays well away from the last-bit differences between them. */
    volatile double x = 0.5;
    printf("sqrt(2)=%.9f sin=%.9f cos=%.9f\n", sqrt(2.0), sin(x), cos(x));
    printf("exp=%.9f log=%.9f pow=%.6f\n", exp(x), log(10.0 * x), pow(x, 0.25));
    printf("atan2=%.9f floor=%.1f fmod=%.3f\n", atan2(1.0, x), floor(-x), fmod(7.5, 2.0));
    printf("poly(3)=%.3f\n", poly(3.0));
    return 0;
}
