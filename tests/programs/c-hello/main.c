#include <stdio.h>

int main(void)
{
    puts("hello from a static program");
    printf("%d + %d = %d, %s, %5.2f, %x\n", 2, 3, 2 + 3, "text", 3.25, 0xbeefu);
    return 0;
}
