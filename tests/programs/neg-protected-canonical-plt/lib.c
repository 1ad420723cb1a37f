__attribute__((visibility("protected"))) int pfunc(void) { return 7; }
void *lib_pfunc_address(void) { return (void *)pfunc; }
