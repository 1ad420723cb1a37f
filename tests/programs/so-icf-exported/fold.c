// Identical exported functions and tables, and identical hidden helpers.
__attribute__((visibility("hidden"), noinline)) int helper1(int x) { return x * 13 + 1; }
__attribute__((visibility("hidden"), noinline)) int helper2(int x) { return x * 13 + 1; }
int lib_f1(int x) { return helper1(x) + 100; }
int lib_f2(int x) { return helper2(x) + 100; }
const int lib_table1[6] = {3, 1, 4, 1, 5, 9};
const int lib_table2[6] = {3, 1, 4, 1, 5, 9};
int lib_tables_same(void) { return lib_table1 == lib_table2; }
