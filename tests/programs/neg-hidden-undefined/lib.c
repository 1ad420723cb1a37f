int provided_elsewhere(void) { return 0; }
