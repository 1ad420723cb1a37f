const char *which(void) { return "first"; }
