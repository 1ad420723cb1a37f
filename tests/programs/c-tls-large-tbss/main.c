#include <pthread.h>
#include <stdio.h>

extern __thread long big_tbss[1 << 17];  /* 1 MiB of zero-initialised TLS */
extern __thread int after_big;

static void *worker(void *arg)
{
    long s = big_tbss[0] + big_tbss[(1 << 17) - 1];
    big_tbss[(1 << 17) - 1] = (long)arg;
    printf("thread %ld: start sum %ld, end %ld, after_big %d\n", (long)arg, s, big_tbss[(1 << 17) - 1], after_big);
    return NULL;
}

int main(void)
{
    big_tbss[0] = 1;
    big_tbss[(1 << 17) - 1] = 2;
    for (long i = 1; i <= 2; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_join(t, NULL);
    }
    printf("main: %ld %ld %d\n", big_tbss[0], big_tbss[(1 << 17) - 1], after_big);
    return 0;
}
