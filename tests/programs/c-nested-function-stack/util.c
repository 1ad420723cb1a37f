int apply(int (*f)(int), int n) { return f(n); }
int twice(int x) { return 2 * x; }
