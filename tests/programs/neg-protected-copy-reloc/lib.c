__attribute__((visibility("protected"))) int pvar = 42;
int lib_reads_pvar(void) { return pvar; }
