/* Calls through the IBT-enabled PLT (.plt.sec, endbr64 lazy entries in .plt), and foo's address taken in the
   program: its canonical PLT entry (no-pie) or its GOT slot (pie, with a .plt.got entry for the calls) must be the
   address the library itself has for foo. */
#include <stdio.h>

int foo(int);
int bar(int);
extern int (*get_foo(void))(int);

int main(void)
{
    int (*p)(int) = foo;
    printf("%d %d\n", p(1), bar(2));
    printf("same foo: %s\n", p == get_foo() ? "yes" : "no");
    printf("%d\n", get_foo()(41));
    return 0;
}
