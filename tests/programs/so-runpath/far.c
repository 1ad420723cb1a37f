int far_value(void) { return 29; }
