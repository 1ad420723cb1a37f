#include <pthread.h>
#include <stdio.h>

#define N 4
static long results[N];

static void *worker(void *arg)
{
    long id = (long)arg;
    long sum = 0;
    for (long i = 0; i < 100000; i++)
        sum += (i % (id + 2));
    results[id] = sum;
    return (void *)(id * 10);
}

int main(void)
{
    pthread_t t[N];
    for (long i = 0; i < N; i++)
        if (pthread_create(&t[i], NULL, worker, (void *)i) != 0)
            return 2;
    long ret_total = 0;
    for (int i = 0; i < N; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        ret_total += (long)ret;
    }
    for (int i = 0; i < N; i++)
        printf("thread %d: %ld\n", i, results[i]);
    printf("returns: %ld\n", ret_total);
    return 0;
}
