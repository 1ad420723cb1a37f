/* A weak definition does not replace a common, so it does not pull the member either. */
__attribute__((weak)) int flag = 9;
int flag_member_loaded(void) { return 1; }
