__attribute__((visibility("protected"))) int prot_func(void) { return 1; }
int default_func(void) { return 2; }
__attribute__((visibility("protected"))) int prot_data = 10;
int default_data = 20;
int lib_calls_prot(void) { return prot_func(); }
int lib_calls_default(void) { return default_func(); }
int lib_reads_prot(void) { return prot_data; }
int lib_reads_default(void) { return default_data; }
void lib_bump_prot(void) { prot_data += 5; }
