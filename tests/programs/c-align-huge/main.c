#include <stdint.h>
#include <stdio.h>

extern char align64k[100];
extern char align2m[100];
extern char bss1m[64];

int main(void)
{
    bss1m[63] = 5;
    printf("64k: %d, 2m: %d, bss 1m: %d\n", (int)((uintptr_t)align64k % 65536),
           (int)((uintptr_t)align2m % (2 << 20)), (int)((uintptr_t)bss1m % (1 << 20)));
    printf("%s %s %d\n", align64k, align2m, bss1m[63]);
    return 0;
}
