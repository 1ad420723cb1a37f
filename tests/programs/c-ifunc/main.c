#include <stdio.h>

int add_impl(int a, int b);
typedef int (*binop)(int, int);
binop addr_from_other_object(void);
extern binop table_entry;

/* Calls through a PLT-style stub (or a relaxed GOT) to an IFUNC defined in another object. */
int main(void)
{
    printf("add_impl(2, 3) = %d\n", add_impl(2, 3));
    binop p = add_impl;
    printf("via pointer: %d\n", p(40, 2));
    /* Pointer equality across objects is checked (static only) by c-ifunc-address:
       GNU ld does not keep it for static-pie. */
    printf("pointer from other object: %d\n", addr_from_other_object()(1, 1));
    printf("table call: %d\n", table_entry(5, 6));
    return 0;
}
