/* The program's IFUNC seen from the library. */
int exe_ifn(int);
void *lib_address_of_exe_ifn(void) { return (void *)exe_ifn; }
int lib_calls_exe_ifn(int x) { return exe_ifn(x); }
