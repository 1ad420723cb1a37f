int b(void) { return 7; }
