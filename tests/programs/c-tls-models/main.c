#include <stdio.h>

int gd_get(void);
int ld_get(void);
int ie_get(void);
int le_get(void);
void set_all(int v);

int main(void)
{
    printf("initial: gd=%d ld=%d ie=%d le=%d\n", gd_get(), ld_get(), ie_get(), le_get());
    set_all(9);
    printf("after:   gd=%d ld=%d ie=%d le=%d\n", gd_get(), ld_get(), ie_get(), le_get());
    return 0;
}
