int base_counter = 1000;
int base_scale(int x) { return x * 10 + base_counter++; }
