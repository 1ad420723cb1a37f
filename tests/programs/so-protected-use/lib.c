__attribute__((visibility("protected"))) int level = 3;
__attribute__((visibility("protected"))) int scaled(int x) { return x * level; }
int lib_level(void) { return level; }
int lib_scaled_via_own(int x) { return scaled(x) + 1; }
void *lib_scaled_address(void) { return (void *)scaled; }
int *lib_level_address(void) { return &level; }
