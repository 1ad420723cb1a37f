/* GCC's nested functions: taking the address of one that uses its parent's locals builds a trampoline on
   the stack, so the object's .note.GNU-stack is executable and the program needs PT_GNU_STACK with X. */
#include <stdio.h>

extern int apply(int (*f)(int), int n);
extern int twice(int);

int main(void)
{
    int base = 40;
    int add_base(int x) { return x + base; }
    int sum = apply(add_base, 2);
    printf("nested: %d\n", sum);
    printf("plain: %d\n", apply(twice, 21));
    return sum == 42 ? 0 : 1;
}
