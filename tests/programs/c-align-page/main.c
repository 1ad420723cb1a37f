#include <stdint.h>
#include <stdio.h>

extern char page_data[4096];
extern char page_bss[8192];
extern const char page_ro[4096];
static char small_before = 1;
static char page_local[4096] __attribute__((aligned(4096))) = { 7 };
static char small_after = 2;

int main(void)
{
    page_bss[0] = 1;
    page_bss[8191] = 2;
    printf("data%%4096=%d bss%%4096=%d ro%%4096=%d local%%4096=%d\n",
           (int)((uintptr_t)page_data % 4096), (int)((uintptr_t)page_bss % 4096),
           (int)((uintptr_t)page_ro % 4096), (int)((uintptr_t)page_local % 4096));
    printf("values: %d %d %s %d %d %d %d\n", page_data[0], page_data[4095], page_ro,
           page_local[0], small_before, small_after, page_bss[0] + page_bss[8191]);
    return 0;
}
