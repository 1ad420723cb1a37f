extern int base_counter;
int base_scale(int);
int mid_compute(int x) { return base_scale(x) + base_scale(x + 1); }
int *mid_counter_address(void) { return &base_counter; }
