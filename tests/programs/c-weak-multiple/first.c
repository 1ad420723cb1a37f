__attribute__((weak)) const char *who(void) { return "first"; }
__attribute__((weak)) int weak_value = 1;
