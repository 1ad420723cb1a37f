int clash(void) { return 2; }
