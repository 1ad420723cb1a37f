#include <stdio.h>
int bump_a(void);
int bump_b(void);
int main(void)
{
    int x = bump_a(), y = bump_b(), z = bump_a();
    printf("counts: %d %d %d (shared: %s)\n", x, y, z, z == 3 ? "yes" : "no");
    return 0;
}
