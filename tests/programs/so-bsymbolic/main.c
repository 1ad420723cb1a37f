#include <stdio.h>
int sym_value = 2;
int sym_func(void) { return 20; }
int lib_uses_func(void);
int lib_uses_value(void);
int (*lib_func_pointer(void))(void);
int main(void) {
  printf("library calls its own: %d, reads its own: %d\n", lib_uses_func(), lib_uses_value());
  printf("program's: %d %d, library pointer is the program's: %s, calls %d\n", sym_func(), sym_value,
         lib_func_pointer() == sym_func ? "yes" : "no", lib_func_pointer()());
  return 0;
}
