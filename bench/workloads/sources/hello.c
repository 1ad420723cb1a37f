/* The smallest real link: one object, printf from libc. Used by the static-hello and static-pie-hello workloads. */
#include <stdio.h>

int main(void)
{
    printf("Hello, world!\n");
    return 0;
}
