int lib_extra(void) { return 99; }
