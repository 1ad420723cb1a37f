#include <stdio.h>
#include <string.h>
/* gcc -mcmodel=medium puts objects over the large-data threshold (64 KiB) in .lbss, .ldata and .lrodata, which GNU ld
   places after .bss: .lbss in the data segment, .lrodata and .ldata in segments of their own. */
char big_zero[70000];
char big_data[70000] = {1, 2, 3};
const char big_const[70000] = {4, 5, 6};
int small_data = 7;
static char big_static[90000] = {8};
extern char _edata[], _end[], __bss_start[];
int main(void) {
  big_zero[69999] = 9;
  big_data[69999] = 10;
  memset(big_static + 1, 11, 10);
  printf("%d %d %d %d %d %d %d\n", big_zero[69999], big_data[1], big_const[2], small_data, big_static[0], big_static[5], big_data[69999]);
  printf("_edata before the large data: %d, _end after it: %d, __bss_start at or after _edata: %d\n",
         _edata < big_data && _edata < (char *)big_const, _end >= big_data + sizeof big_data && _end >= big_const + sizeof big_const,
         __bss_start >= _edata);
  return 0;
}
