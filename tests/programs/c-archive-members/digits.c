int digit_calls;
int is_digit(char c) { digit_calls++; return c >= '0' && c <= '9'; }
