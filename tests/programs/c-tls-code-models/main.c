#include <pthread.h>
#include <stdio.h>

__thread int shared_counter = 40;
int gd_large(int), ld_large(int), gd_noplt(int), ld_noplt(int), gd_desc(int);

static void *worker(void *arg)
{
    int base = (int)(long)arg;
    int a = gd_large(base), b = ld_large(base), c = gd_noplt(base), d = ld_noplt(base), e = gd_desc(base);
    printf("thread %d: %d %d %d %d %d counter %d\n", base, a, b, c, d, e, shared_counter);
    return 0;
}

int main(void)
{
    worker((void *)1L);
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)2L);
    pthread_join(t, 0);
    worker((void *)3L);
    return 0;
}
