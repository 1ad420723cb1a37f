static int counter;
int bump(int x) { counter += x; return counter; }
