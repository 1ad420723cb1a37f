#include <stdarg.h>
#include <stdio.h>

double average(int count, ...);               /* va.c */
void logf_to(char *buf, size_t n, const char *fmt, ...);

static long sum_longs(int n, ...)
{
    va_list ap;
    va_start(ap, n);
    long s = 0;
    for (int i = 0; i < n; i++)
        s += va_arg(ap, long);
    va_end(ap);
    return s;
}

int main(void)
{
    char buf[128];
    printf("sum=%ld\n", sum_longs(6, 1L, 2L, 3L, 4L, 5L, 1L << 40));
    printf("average=%.4f\n", average(5, 1.0, 2.5, 3.25, 4.0, 10.0));
    logf_to(buf, sizeof buf, "%s-%d-%c-%.2f-%lu", "x", -3, 'q', 0.125, 18446744073709551615UL);
    puts(buf);
    return 0;
}
