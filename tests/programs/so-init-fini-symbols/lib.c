/* -init and -fini make DT_INIT and DT_FINI name these functions, which ld.so runs at load and unload
   (before the library's .init_array constructors and after its destructors). */
#include <stdio.h>

void lib_start(void) { puts("lib_start (DT_INIT)"); }
void lib_stop(void) { puts("lib_stop (DT_FINI)"); fflush(stdout); }
__attribute__((constructor)) static void ctor(void) { puts("constructor"); }
int lib_value(void) { return 42; }
