typedef int (*binop)(int, int);
int op_add(int, int);
int op_mul(int, int);
binop lib_pointer_to(char which);
extern binop lib_table[2];
int lib_is_add(binop f);
int lib_apply(binop f, int a, int b);
