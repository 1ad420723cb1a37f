#include <pthread.h>
#include <stdio.h>

extern __thread int tls_init;      /* .tdata in tls.c */
extern __thread int tls_zero;      /* .tbss in tls.c */
extern __thread char tls_buf[32];  /* .tbss in tls.c */
int tls_sum(void);

static __thread long local_init = 1000;
static __thread long local_zero;

static void *worker(void *arg)
{
    int id = (int)(long)arg;
    char line[128];
    /* Each thread starts from the initial image, not from main's modified copy. */
    snprintf(line, sizeof line, "thread %d: init=%d zero=%d local=%ld/%ld buf0=%d",
             id, tls_init, tls_zero, local_init, local_zero, tls_buf[0]);
    tls_init += id;
    tls_zero += id * 2;
    local_zero = id;
    puts(line);
    return (void *)(long)tls_sum();
}

int main(void)
{
    tls_init = 5;
    tls_zero = 6;
    local_init++;
    tls_buf[0] = 9;
    for (long i = 1; i <= 3; i++) {
        pthread_t t;
        void *r;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_join(t, &r);
        printf("thread %ld sum: %ld\n", i, (long)r);
    }
    printf("main: init=%d zero=%d local=%ld/%ld sum=%d\n", tls_init, tls_zero, local_init, local_zero, tls_sum());
    return 0;
}
