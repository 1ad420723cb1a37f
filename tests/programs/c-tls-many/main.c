#include <pthread.h>
#include <stdio.h>

long vars_checksum(void);
void vars_set(int k);
extern __thread long tv0;
extern __thread long tv3;
extern __thread long tv6;
extern __thread long tv9;
extern __thread long tv12;
extern __thread long tv15;
extern __thread long tv18;
extern __thread long tv21;
extern __thread long tv24;
extern __thread long tv27;
extern __thread long tv30;
extern __thread long tv33;
extern __thread long tv36;
extern __thread long tv39;
extern __thread long tv42;
extern __thread long tv45;
extern __thread long tv48;
extern __thread long tv51;
extern __thread long tv54;
extern __thread long tv57;
extern __thread long tv60;
extern __thread long tv63;
extern __thread long tv66;
extern __thread long tv69;
extern __thread long tv72;
extern __thread long tv75;
extern __thread long tv78;

static void *worker(void *arg)
{
    long before = vars_checksum();
    vars_set((int)(long)arg);
    printf("thread %ld: %ld -> %ld\n", (long)arg, before, vars_checksum());
    return NULL;
}

int main(void)
{
    long direct = 0;
    direct += tv0;
    direct += tv3;
    direct += tv6;
    direct += tv9;
    direct += tv12;
    direct += tv15;
    direct += tv18;
    direct += tv21;
    direct += tv24;
    direct += tv27;
    direct += tv30;
    direct += tv33;
    direct += tv36;
    direct += tv39;
    direct += tv42;
    direct += tv45;
    direct += tv48;
    direct += tv51;
    direct += tv54;
    direct += tv57;
    direct += tv60;
    direct += tv63;
    direct += tv66;
    direct += tv69;
    direct += tv72;
    direct += tv75;
    direct += tv78;
    printf("direct: %ld\n", direct);
    printf("main: %ld\n", vars_checksum());
    vars_set(1000);
    for (long i = 1; i <= 4; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, (void *)i);
        pthread_join(t, NULL);
    }
    printf("main after: %ld\n", vars_checksum());
    return 0;
}
