/* General dynamic for the exported variable, local dynamic for the file-local ones, initial exec where asked. */
__thread int lib_counter = 100;
static __thread int lib_private = 7;
static __thread char lib_zeroed[64];
__attribute__((tls_model("initial-exec"))) __thread int lib_ie = 5;

int lib_bump(void) { return ++lib_counter; }
int lib_private_step(int by) { lib_private += by; lib_zeroed[3] += 1; return lib_private * 10 + lib_zeroed[3]; }
int lib_ie_next(void) { return lib_ie++; }
int *lib_counter_address(void) { return &lib_counter; }
