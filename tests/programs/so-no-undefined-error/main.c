int uses_missing(int);
int main(void) { return uses_missing(1); }
