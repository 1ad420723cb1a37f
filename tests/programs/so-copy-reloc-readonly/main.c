#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
extern const int ctable[4];
extern int wtable[4];
const int *lib_ctable(void);
int lib_wtable(int i);
static sigjmp_buf env;
static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(env, 1);
}
int main(void)
{
    printf("ctable: %d %d %d %d, same address as the library's: %s\n", ctable[0], ctable[1], ctable[2], ctable[3],
           ctable == lib_ctable() ? "yes" : "no");
    wtable[1] += 10;
    printf("wtable[1]=%d, library sees %d\n", wtable[1], lib_wtable(1));
    signal(SIGSEGV, on_segv);
    if (sigsetjmp(env, 1) == 0) {
        *(volatile int *)&ctable[2] = 99;
        printf("write to the copied const array: succeeded (%d)\n", ctable[2]);
    } else
        printf("write to the copied const array: faulted\n");
    return 0;
}
