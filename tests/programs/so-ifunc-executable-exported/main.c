#include <stdio.h>

static int exe_negate(int x) { return -x; }
static int exe_identity(int x) { return x; }
static int selector = 1;
static void *resolve_exe_ifn(void) { return selector ? (void *)exe_negate : (void *)exe_identity; }
int exe_ifn(int) __attribute__((ifunc("resolve_exe_ifn")));

void *lib_address_of_exe_ifn(void);
int lib_calls_exe_ifn(int);

int main(void)
{
    int (*p)(int) = exe_ifn;
    printf("program's IFUNC: %d %d %d, address equal in both: %s\n", exe_ifn(5), p(6), lib_calls_exe_ifn(7),
           (void *)p == lib_address_of_exe_ifn() ? "yes" : "no");
    return 0;
}
