/* Functions of a library the program calls through its IBT PLT; get_foo hands back the library's own &foo. */
int foo(int x) { return x + 1; }
int bar(int x) { return x * 2; }
int (*get_foo(void))(int) { return foo; }
