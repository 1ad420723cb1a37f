__attribute__((visibility("protected"))) int pfunc(int x) { return x + 1; }
int dfunc(int x) { return x + 2; }
void *lib_pfunc_address(void) { return (void *)pfunc; }
void *lib_dfunc_address(void) { return (void *)dfunc; }
