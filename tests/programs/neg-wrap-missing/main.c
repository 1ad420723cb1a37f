int compute(int x);
int main(void) { return compute(4) == 40 ? 0 : 1; }
