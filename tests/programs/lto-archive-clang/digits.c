int digit_value(char c) { return c - '0'; }
