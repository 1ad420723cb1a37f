#include <stdio.h>
#include <dlfcn.h>
#include "ops.h"
static binop program_table[2] = {op_add, op_mul};
int main(void) {
  binop add = op_add;
  printf("program pointer == library pointer: add %s mul %s\n", add == lib_pointer_to('+') ? "yes" : "no",
         program_table[1] == lib_pointer_to('*') ? "yes" : "no");
  printf("tables agree: %s %s\n", program_table[0] == lib_table[0] ? "yes" : "no",
         program_table[1] == lib_table[1] ? "yes" : "no");
  printf("library recognises program's pointer: %s, and not mul: %s\n", lib_is_add(add) ? "yes" : "no",
         lib_is_add(op_mul) ? "yes" : "no");
  /* The global lookup finds the program's own dynamic symbol first (in no-pie, the canonical PLT entry). */
  printf("dlsym(RTLD_DEFAULT) agrees: %s\n", dlsym(RTLD_DEFAULT, "op_mul") == (void *)op_mul ? "yes" : "no");
  printf("calls: %d %d %d\n", add(2, 3), lib_apply(op_mul, 6, 7), lib_table[0](10, 20));
  return 0;
}
