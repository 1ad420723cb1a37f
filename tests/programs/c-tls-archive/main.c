#include <pthread.h>
#include <stdio.h>

int lib_next_id(void);
const char *lib_tag(void);

static void *worker(void *arg)
{
    (void)arg;
    int a = lib_next_id();
    int b = lib_next_id();
    printf("worker: %d %d %s\n", a, b, lib_tag());
    return NULL;
}

int main(void)
{
    printf("main: %d %d %d %s\n", lib_next_id(), lib_next_id(), lib_next_id(), lib_tag());
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    pthread_join(t, NULL);
    printf("main again: %d\n", lib_next_id());
    return 0;
}
