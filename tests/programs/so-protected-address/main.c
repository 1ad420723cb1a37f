#include <stdio.h>
int pfunc(int);
int dfunc(int);
void *lib_pfunc_address(void);
void *lib_dfunc_address(void);
int main(void)
{
    int (*p)(int) = pfunc;
    int (*d)(int) = dfunc;
    printf("protected: %d, same address as the library's: %s\n", p(10), (void *)p == lib_pfunc_address() ? "yes" : "no");
    printf("default: %d, same address as the library's: %s\n", d(10), (void *)d == lib_dfunc_address() ? "yes" : "no");
    return 0;
}
