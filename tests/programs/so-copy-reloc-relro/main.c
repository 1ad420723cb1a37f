#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

extern const char *const names[3];
extern int hits;
const char *const *lib_names(void);
int lib_hits(void);

static sigjmp_buf env;

static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}

int main(void)
{
    printf("names: %s %s %s, same address as the library's: %s\n", names[0], names[1], names[2],
           names == lib_names() ? "yes" : "no");
    hits += 41;
    printf("hits=%d, library sees %d\n", hits, lib_hits());
    signal(SIGSEGV, on_segv);
    if (sigsetjmp(env, 1) == 0) {
        *(const char *volatile *)&names[1] = "changed";
        printf("write to the copied relro table: succeeded (%s)\n", names[1]);
    } else
        printf("write to the copied relro table: faulted\n");
    return 0;
}
