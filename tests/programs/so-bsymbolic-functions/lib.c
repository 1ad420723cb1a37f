int symf_value = 1;
int symf_shared = 5;
int symf_func(void) { return 10; }
int lib_uses_func(void) { return symf_func(); }
int lib_uses_value(void) { return symf_value; }
int lib_uses_shared(void) { return symf_shared; }
