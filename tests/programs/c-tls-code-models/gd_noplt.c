extern __thread int shared_counter;
__thread int noplt_gd_value = 300;
int gd_noplt(int x) { noplt_gd_value += x; shared_counter += 10; return noplt_gd_value; }
