#include <stdio.h>
/* Tentative definitions: common symbols under -fcommon. */
int opterr;
int optind;
int strong_data;
int bigger_data[10];
int weak_data;
int func_named;
int tls_named;
int read_strong(void), read_weak(void);
int main(void) {
  printf("opterr %d optind %d\n", opterr, optind);
  printf("strong %d bigger %d,%d weak %d func %d tls %d\n", strong_data, bigger_data[0], bigger_data[1], weak_data,
         func_named, tls_named);
  strong_data = 50;
  weak_data = 60;
  printf("library sees strong %d weak %d\n", read_strong(), read_weak());
  return 0;
}
