// Address-taken functions must keep distinct addresses under --icf=safe; the others may fold.
#include <cstdio>

__attribute__((noinline)) int plain1(int x) { return x * 5 - 3; }
__attribute__((noinline)) int plain2(int x) { return x * 5 - 3; }
__attribute__((noinline)) int taken1(int x) { return x * 9 + 4; }
__attribute__((noinline)) int taken2(int x) { return x * 9 + 4; }

int table_sum(int);
bool tables_alias();
int nosig_a(int);
int nosig_b(int);
bool nosig_same();

int (*volatile pick1)(int) = taken1;
int (*volatile pick2)(int) = taken2;

int main() {
    std::printf("plain %d %d\n", plain1(2), plain2(3));
    std::printf("taken %d %d same=%d\n", pick1(2), pick2(3), pick1 == pick2);
    std::printf("table %d alias=%d\n", table_sum(3), tables_alias());
    std::printf("nosig %d %d same=%d\n", nosig_a(4), nosig_b(5), nosig_same());
    return 0;
}
