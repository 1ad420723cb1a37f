extern int ir_counter;
int ir_exported_to_regular(int x);
__attribute__((weak)) int overridden(void) { return 0; }

int regular_entry(int x) { return ir_exported_to_regular(x) + ir_counter * 100 + overridden() * 1000; }
