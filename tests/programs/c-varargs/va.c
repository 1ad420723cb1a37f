#include <stdarg.h>
#include <stdio.h>

double average(int count, ...)
{
    va_list ap;
    va_start(ap, count);
    double s = 0;
    for (int i = 0; i < count; i++)
        s += va_arg(ap, double);
    va_end(ap);
    return s / count;
}

void logf_to(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int len = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    int off = snprintf(buf, n, "[%d] ", len);
    vsnprintf(buf + off, n - off, fmt, ap);
    va_end(ap);
}
