extern int digit_calls; /* back-reference to another member */
int apply_sign(int v, int negative) { return (negative ? -v : v) + 0 * digit_calls; }
