#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

extern __thread int lib_counter;
extern __thread long desc_total;
int lib_bump(void);
int lib_private_step(int by);
int lib_ie_next(void);
int *lib_counter_address(void);
long desc_add(long x);
int desc_read_counter(void);

static void report(const char *who)
{
    int a = lib_bump();
    int b = lib_private_step(3);
    int c = lib_ie_next();
    long d = desc_add(5);
    printf("%s: bump=%d private=%d ie=%d desc=%ld counter=%d same=%s direct=%d total=%ld\n", who, a, b, c, d,
           desc_read_counter(), lib_counter_address() == &lib_counter ? "yes" : "no", lib_counter, desc_total);
}

static void *worker(void *arg)
{
    lib_counter = (int)(long)arg;
    report(arg == (void *)1L ? "thread1" : "thread2");
    return 0;
}

int main(void)
{
    report("main");
    report("main");
    pthread_t t1, t2;
    pthread_create(&t1, 0, worker, (void *)1L);
    pthread_join(t1, 0);
    pthread_create(&t2, 0, worker, (void *)2L);
    pthread_join(t2, 0);
    report("main");
    void *h = dlopen("libtls.so", RTLD_NOW);
    int (*bump)(void) = h ? (int (*)(void))dlsym(h, "lib_bump") : 0;
    printf("dlsym bump=%d\n", bump ? bump() : -1);
    return 0;
}
