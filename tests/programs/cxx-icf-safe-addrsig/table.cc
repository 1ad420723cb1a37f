// Equal read-only tables: one pair only read (may fold), one pair whose addresses are compared (must not).
extern const int read1[8] = {1, 2, 3, 4, 5, 6, 7, 8};
extern const int read2[8] = {1, 2, 3, 4, 5, 6, 7, 8};
extern const int cmp1[8] = {9, 9, 9, 9, 9, 9, 9, 9};
extern const int cmp2[8] = {9, 9, 9, 9, 9, 9, 9, 9};

__attribute__((noinline)) int table_sum(int i) { return read1[i] + read2[i + 1]; }
const int *volatile p1 = cmp1;
const int *volatile p2 = cmp2;
bool tables_alias() { return p1 == p2; }
