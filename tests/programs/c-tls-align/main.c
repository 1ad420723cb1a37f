#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

extern __thread char small_tls;
extern __thread double big_aligned[8] __attribute__((aligned(64)));
extern __thread int bss_aligned[16] __attribute__((aligned(64)));
static __thread char page_aligned[100] __attribute__((aligned(4096))) = "page";

static void check(const char *who)
{
    printf("%s: big%%64=%d bss%%64=%d page%%4096=%d small=%d big[3]=%.1f page=%s bss[0]=%d\n", who,
           (int)((uintptr_t)big_aligned % 64), (int)((uintptr_t)bss_aligned % 64),
           (int)((uintptr_t)page_aligned % 4096), small_tls, big_aligned[3], page_aligned,
           bss_aligned[0]);
    bss_aligned[0]++;
}

static void *worker(void *arg)
{
    check(arg);
    return NULL;
}

int main(void)
{
    check("main");
    check("main");
    pthread_t t;
    pthread_create(&t, NULL, worker, "thread");
    pthread_join(t, NULL);
    return 0;
}
