int sym_value = 1;
int sym_func(void) { return 10; }
int lib_uses_func(void) { return sym_func(); }
int lib_uses_value(void) { return sym_value; }
int (*lib_func_pointer(void))(void) { return sym_func; }
