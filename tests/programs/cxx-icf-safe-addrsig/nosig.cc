// Compiled without .llvm_addrsig: under --icf=safe every symbol here is address-significant.
__attribute__((noinline)) int nosig_a(int x) { return x * 11 + 2; }
__attribute__((noinline)) int nosig_b(int x) { return x * 11 + 2; }
int (*volatile qa)(int) = nosig_a;
int (*volatile qb)(int) = nosig_b;
bool nosig_same() { return qa == qb; }
