/* A dlopen'ed library with an IFUNC: dlsym gives the resolved function, which must equal the plugin's own pointer. */
static int plug_square(int x) { return x * x; }
static void *resolve_plug_ifn(void) { return (void *)plug_square; }
int plug_ifn(int) __attribute__((ifunc("resolve_plug_ifn")));
void *plug_address_of_plug_ifn(void) { return (void *)plug_ifn; }
