int provided_value = 31;
int provided_twice(int x) { return 2 * x; }
