#include <pthread.h>
#include <stdio.h>

long get_gd(void);
long get_ld(void);
long get_ie(void);
void set_le(long v);
extern __thread long tls_a;

static void *worker(void *arg)
{
    printf("thread start: gd=%ld ld=%ld ie=%ld\n", get_gd(), get_ld(), get_ie());
    set_le((long)arg);
    tls_a = 5;
    printf("thread after: gd=%ld ld=%ld ie=%ld\n", get_gd(), get_ld(), get_ie());
    return NULL;
}

int main(void)
{
    printf("main start: gd=%ld ld=%ld ie=%ld\n", get_gd(), get_ld(), get_ie());
    set_le(3);
    printf("main after: gd=%ld ld=%ld ie=%ld\n", get_gd(), get_ld(), get_ie());
    pthread_t t;
    pthread_create(&t, NULL, worker, (void *)100L);
    pthread_join(t, NULL);
    printf("main end: gd=%ld ld=%ld\n", get_gd(), get_ld());
    return 0;
}
