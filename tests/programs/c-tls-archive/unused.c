/* Never referenced: its TLS must not be pulled into the output. */
__thread char unused_tls[4096] = { 1 };
int unused_fn(void) { return unused_tls[0]; }
