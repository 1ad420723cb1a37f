/* local-dynamic: one __tls_get_addr for the module base plus DTPOFF offsets. */
static __thread int ld_a = 20;
static __thread int ld_b;
int ld_get(void) { return ld_a + ld_b; }
void ld_set(int v) { ld_b = v; }
