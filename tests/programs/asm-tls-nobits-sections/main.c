/* Writes a pattern into one thread-local array at a time and checks the other stays zero, then checks the two
   arrays do not overlap (compared, not printed: addresses differ between the two links). */
#include <stdio.h>
#include <string.h>

extern __thread unsigned char in_tbss[64], in_tcommon[64];

static int all_zero(const unsigned char *p) {
  for (int i = 0; i < 64; i++)
    if (p[i]) return 0;
  return 1;
}

int main(void) {
  printf("zero at start: %d %d\n", all_zero(in_tbss), all_zero(in_tcommon));
  memset(in_tbss, 0x5a, 64);
  printf("after writing tbss: tcommon zero %d\n", all_zero(in_tcommon));
  memset(in_tbss, 0, 64);
  memset(in_tcommon, 0xa5, 64);
  printf("after writing tcommon: tbss zero %d\n", all_zero(in_tbss));
  printf("disjoint: %d\n", in_tbss + 64 <= in_tcommon || in_tcommon + 64 <= in_tbss);
  return 0;
}
