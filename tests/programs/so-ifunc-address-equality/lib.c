/* A library IFUNC and a plain library function, with their addresses as the library sees them. */
static int lib_double(int x) { return 2 * x; }
static int lib_triple(int x) { return 3 * x; }
static int selector = 1;
static void *resolve_lib_ifn(void) { return selector ? (void *)lib_double : (void *)lib_triple; }
int lib_ifn(int) __attribute__((ifunc("resolve_lib_ifn")));
int lib_plain(int x) { return x + 100; }

void *lib_address_of_lib_ifn(void) { return (void *)lib_ifn; }
void *lib_address_of_lib_plain(void) { return (void *)lib_plain; }
int lib_calls_lib_ifn(int x) { return lib_ifn(x); }
