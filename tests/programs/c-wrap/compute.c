int compute(int x) { return x * 10; }
/* Defined in the same object as compute: GNU ld does not wrap this reference. */
int compute_twice(int x) { return compute(x) + compute(x); }
