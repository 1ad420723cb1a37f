#include <dlfcn.h>
int sysv_data[4] = {1, 2, 3, 4};
int sysv_alpha(int x) { return x + 1; }
int sysv_beta(int x) { return x * 2; }
int sysv_gamma(int x) { return sysv_alpha(x) + sysv_beta(x); }
int program_function(int);
int sysv_call_program(int x) { return program_function(x) + 1; }
