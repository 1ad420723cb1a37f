/* -q (--emit-relocs): the program runs the same with its relocations kept. TLS of every model the compiler
   picks (main.c is position-dependent, tls.c position-independent: GD/LD relaxed by the linker), GOT loads the
   linker relaxes, strings in merged sections, function pointers in data, constructors. */
#include <stdio.h>
#include <string.h>

extern __thread int counter;
int bump(int by);
int tls_sum(void);
const char *pick(int i);
extern int (*ops[2])(int);

static int initialised;
__attribute__((constructor)) static void init(void) { initialised = 7; }

int main(void)
{
    for (int i = 1; i <= 4; i++) bump(i);
    printf("counter %d, sum %d\n", counter, tls_sum());
    printf("%s %s %s\n", pick(0), pick(1), pick(2));
    printf("ops %d %d, init %d\n", ops[0](3), ops[1](3), initialised);
    printf("strings %s\n", strcmp(pick(1), "beta") == 0 ? "same" : "differ");
    return 0;
}
