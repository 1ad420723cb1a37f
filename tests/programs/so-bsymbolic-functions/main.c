#include <stdio.h>
int symf_value = 2;
extern int symf_shared;
int symf_func(void) { return 20; }
int lib_uses_func(void);
int lib_uses_value(void);
int lib_uses_shared(void);
int main(void) {
  symf_shared = 55; /* the program's write must be what the library reads */
  printf("library calls %d, reads program's value %d, shared %d\n", lib_uses_func(), lib_uses_value(),
         lib_uses_shared());
  printf("program's: %d %d\n", symf_func(), symf_value);
  return 0;
}
