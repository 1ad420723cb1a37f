static __thread int noplt_ld_value = 400;
static __thread long noplt_ld_other = 3;
int ld_noplt(int x) { noplt_ld_value += x; noplt_ld_other += 4; return noplt_ld_value + (int)noplt_ld_other; }
