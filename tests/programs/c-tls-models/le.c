extern __thread int shared_tls;
void ld_set(int v);
static __thread int le_var = 30;
int le_get(void) { return le_var; }
void set_all(int v) { shared_tls = v; le_var = v * 3; ld_set(v); }
