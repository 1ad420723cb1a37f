#include <string.h>

struct person { const char *name; int age; };

int by_name(const void *a, const void *b)
{
    return strcmp(((const struct person *)a)->name, ((const struct person *)b)->name);
}

int by_age_then_name(const void *a, const void *b)
{
    const struct person *x = a, *y = b;
    if (x->age != y->age)
        return x->age < y->age ? -1 : 1;
    return by_name(a, b);
}
