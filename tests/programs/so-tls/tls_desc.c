/* Compiled with -mtls-dialect=gnu2: accesses go through TLS descriptors. */
__thread long desc_total = 1000;
static __thread long desc_local;
extern __thread int lib_counter;

long desc_add(long x) { desc_local += x; desc_total += x; return desc_total + desc_local; }
int desc_read_counter(void) { return lib_counter; }
