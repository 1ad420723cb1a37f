#include <stdio.h>
#include <stdlib.h>

static int compute(int n)
{
    int acc = 0;
    for (int i = 1; i <= n; i++)
        acc += i * i;
    return acc;
}

int main(void)
{
    int v = compute(10);
    printf("sum of squares 1..10 = %d\n", v);
    fflush(stdout);
    exit(v % 256 == 129 ? 42 : 1);
}
