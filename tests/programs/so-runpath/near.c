int near_value(void) { return 23; }
