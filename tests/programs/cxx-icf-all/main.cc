// Pairs of identical functions that --icf=all folds, and one pair it must not (different catch clauses).
#include <cstdio>
#include <vector>
#include <map>
#include <string>

struct ErrA { int v; };
struct ErrB { int v; };

int calls;
__attribute__((noinline)) int leaf1(int x) { calls++; return x * 3 + 1; }
__attribute__((noinline)) int leaf2(int x) { calls++; return x * 3 + 1; }
// Equal only once leaf1 and leaf2 are known to be equal.
__attribute__((noinline)) int mid1(int x) { return leaf1(x) + 7; }
__attribute__((noinline)) int mid2(int x) { return leaf2(x) + 7; }
__attribute__((noinline)) int top1(int x) { return mid1(x) * 2; }
__attribute__((noinline)) int top2(int x) { return mid2(x) * 2; }

int other_twice(int);
int other_copy(int);
__attribute__((noinline)) void thrower(int which) {
    if (which == 1) throw ErrA{10};
    if (which == 2) throw ErrB{20};
}
// Same instructions, different LSDA: ErrA is caught by one, ErrB by the other.
__attribute__((noinline)) int catchA(int which) { try { thrower(which); } catch (ErrA &e) { return e.v; } return 0; }
__attribute__((noinline)) int catchB(int which) { try { thrower(which); } catch (ErrB &e) { return e.v; } return 0; }

int main() {
    std::vector<int *> a;
    std::vector<long *> b;
    int i = 1;
    long l = 2;
    for (int k = 0; k < 100; k++) { a.push_back(&i); b.push_back(&l); }
    std::map<int, std::string> m1{{1, "one"}};
    std::map<unsigned, std::string> m2{{2, "two"}};
    std::printf("%zu %zu %s %s\n", a.size(), b.size(), m1[1].c_str(), m2[2].c_str());
    std::printf("%d %d %d %d %d %d\n", leaf1(1), leaf2(2), mid1(3), mid2(4), top1(5), top2(6));
    std::printf("%d %d\n", other_twice(21), other_copy(21));
    std::printf("catchA(1)=%d catchB(2)=%d\n", catchA(1), catchB(2));
    try { catchA(2); } catch (ErrB &e) { std::printf("ErrB escaped catchA: %d\n", e.v); }
    try { catchB(1); } catch (ErrA &e) { std::printf("ErrA escaped catchB: %d\n", e.v); }
    std::printf("calls %d\n", calls);
    return 0;
}
