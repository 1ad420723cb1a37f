#include <stdio.h>

/* A weak reference does not pull an archive member: lib_extra stays null
   even though libextra.a defines it. lib_core is strongly referenced. */
extern int lib_extra(void) __attribute__((weak));
int lib_core(void);

int main(void)
{
    printf("lib_core() = %d\n", lib_core());
    printf("lib_extra is %s\n", lib_extra ? "linked" : "null");
    return lib_extra ? 1 : 0;
}
