int lib_core(void) { return 17; }
