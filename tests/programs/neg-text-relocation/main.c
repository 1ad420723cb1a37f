int bump(int);
int main(void) { return bump(2) == 2 ? 0 : 1; }
