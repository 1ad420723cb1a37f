extern __thread int shared_counter;
__thread int desc_value = 500;
int gd_desc(int x) { desc_value += x; shared_counter += 100; return desc_value; }
