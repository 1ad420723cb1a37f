#include <pthread.h>
#include <stdio.h>

extern _Thread_local int shared_counter;
static _Thread_local int local_value = 5;
int read_vars(void);

static void *worker(void *arg)
{
    (void)arg;
    local_value += 100;
    shared_counter += 1;
    printf("thread: local_value=%d shared_counter=%d vars=%d\n", local_value, shared_counter, read_vars());
    return NULL;
}

int main(void)
{
    shared_counter = 42;
    printf("main: local_value=%d shared_counter=%d vars=%d\n", local_value, shared_counter, read_vars());
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("main again: local_value=%d shared_counter=%d vars=%d\n", local_value, shared_counter, read_vars());
    return 0;
}
