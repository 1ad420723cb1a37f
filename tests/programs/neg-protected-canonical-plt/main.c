#include <stdio.h>
int pfunc(void);
void *lib_pfunc_address(void);
int main(void)
{
    void *p = (void *)pfunc;
    printf("pfunc()=%d, same address as the library's: %s\n", pfunc(), p == lib_pfunc_address() ? "yes" : "no");
    return 0;
}
