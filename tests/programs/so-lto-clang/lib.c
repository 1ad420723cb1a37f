// A shared library built with -flto and a version script: only the listed functions are exported (at
// version LTO_1.0); an internal helper is callable inside the library but not from outside; the exported
// functions call each other through the library's own definitions.
static int scale(int x) { return x * 7; }
int lib_internal(int x) { return x - 100; }
int lib_one(int x) { return scale(x) + 1; }
int lib_two(int x) { return lib_internal(x) + lib_one(2); }
int lib_data = 40;
