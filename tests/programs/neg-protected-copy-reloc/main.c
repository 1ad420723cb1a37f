#include <stdio.h>
extern int pvar;
int lib_reads_pvar(void);
int main(void)
{
    pvar = 7;
    printf("program sees %d, library sees %d\n", pvar, lib_reads_pvar());
    return 0;
}
