// In another object: equal to each other and to nothing in main.cc; folding across objects.
#include <vector>
__attribute__((noinline)) int other_twice(int x) { std::vector<short *> v(x); return (int)v.size() * 2; }
__attribute__((noinline)) int other_copy(int x) { std::vector<char *> v(x); return (int)v.size() * 2; }
