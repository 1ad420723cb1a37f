__attribute__((weak)) const char *who(void) { return "second"; }
__attribute__((weak)) int weak_value = 2;
const char *who_in_second(void) { return who(); }
