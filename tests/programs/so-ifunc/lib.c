static int selected_variant = 2; /* initialised data: readable in the resolver, which may run before constructors */
static int impl_one(int x) { return x + 1; }
static int impl_two(int x) { return x * 2; }
static int impl_default(int x) { return -x; }
static int (*resolve_scale(void))(int) { return selected_variant == 2 ? impl_two : impl_one; }
static const char *name_fast(void) { return "fast"; }
static const char *name_slow(void) { return "slow"; }
static const char *(*resolve_name(void))(void) { return sizeof(long) == 8 ? name_fast : name_slow; }
int scale(int) __attribute__((ifunc("resolve_scale")));
const char *impl_name(void) __attribute__((ifunc("resolve_name")));
int lib_scale(int x) { return scale(x); }
void *lib_scale_pointer(void) { return (void *)scale; }
int lib_default(int x) { return impl_default(x); }
