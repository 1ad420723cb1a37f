static __thread int large_ld_value = 200;
static __thread int large_ld_other = 7;
int ld_large(int x) { large_ld_value += x; large_ld_other *= 2; return large_ld_value + large_ld_other; }
