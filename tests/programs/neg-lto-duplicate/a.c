int clash(void) { return 1; }
int main(void) { return clash(); }
