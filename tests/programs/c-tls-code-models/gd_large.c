extern __thread int shared_counter;
__thread int large_gd_value = 100;
int gd_large(int x) { large_gd_value += x; shared_counter += 1; return large_gd_value; }
