#include <stdio.h>

int ping(int n); /* libping.a */

int main(void)
{
    printf("ping(7) = %d\n", ping(7));
    return 0;
}
