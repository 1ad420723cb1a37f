extern __thread int shared_tls;
__thread int shared_tls = 11;
int ie_get(void) { return shared_tls * 2; }
