#include <setjmp.h>
#include <stdio.h>

static jmp_buf env;
void deep(jmp_buf *where, int depth); /* other.c */

int main(void)
{
    volatile int rounds = 0;
    int v = setjmp(env);
    printf("setjmp returned %d\n", v);
    if (rounds++ < 3)
        deep(&env, 5 + rounds);
    sigjmp_buf senv;
    if (sigsetjmp(senv, 1) == 0) {
        puts("sigsetjmp first");
        siglongjmp(senv, 7);
    }
    puts("sigsetjmp second");
    return rounds;
}
