#include <stdio.h>
int lib_data = 17;
static int lib_local = 5;
int lib_twice(int x) { return 2 * x + lib_local++; }
int (*lib_pointer(void))(int) { return lib_twice; }
int lib_call(int (*f)(int), int x) { return f(x) + lib_data; }
