// Fat LTO objects linked with -fno-lto: gcc passes no plugin, and the objects' regular code is linked
// (their .gnu.lto_ sections are left out), as GNU ld does.
#include <stdio.h>

int cube(int x);

int main(void)
{
    printf("%d\n", cube(3));
    return 0;
}
