const char *which(void) { return "second"; }
const char *from_second(void) { return which(); }
