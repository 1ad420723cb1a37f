/* Built with -fPIC -ftls-model=global-dynamic: the linker relaxes __tls_get_addr calls. */
extern __thread int shared_tls;
int gd_get(void) { return shared_tls; }
