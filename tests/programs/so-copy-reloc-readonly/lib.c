const int ctable[4] = {1, 2, 3, 4};
int wtable[4] = {5, 6, 7, 8};
const int *lib_ctable(void) { return ctable; }
int lib_wtable(int i) { return wtable[i]; }
