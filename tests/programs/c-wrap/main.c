#include <stdio.h>
#include <stdlib.h>
int compute(int x);
int compute_twice(int x);
extern int wrapped_calls;
extern size_t malloc_bytes;

int main(void)
{
    printf("compute(4) = %d\n", compute(4));
    printf("compute_twice(4) = %d\n", compute_twice(4));
    printf("wrapped calls: %d\n", wrapped_calls);
    size_t before = malloc_bytes;
    void *p = malloc(1000);
    printf("malloc wrapped: %s\n", malloc_bytes - before == 1000 ? "yes" : "no");
    free(p);
    return 0;
}
