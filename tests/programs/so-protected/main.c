#include <stdio.h>
/* The program defines its own versions of the library's names. */
int prot_func(void) { return 101; }
int default_func(void) { return 102; }
int prot_data = 110;
int default_data = 120;
int lib_calls_prot(void);
int lib_calls_default(void);
int lib_reads_prot(void);
int lib_reads_default(void);
void lib_bump_prot(void);
int main(void) {
  printf("library calls protected: %d, default: %d\n", lib_calls_prot(), lib_calls_default());
  printf("library reads protected: %d, default: %d\n", lib_reads_prot(), lib_reads_default());
  lib_bump_prot();
  printf("after bump: library %d, program %d\n", lib_reads_prot(), prot_data);
  printf("program's own: %d %d %d %d\n", prot_func(), default_func(), prot_data, default_data);
  return 0;
}
