__thread int tls_counter = 5;
__thread char tls_tag[8] = "init";
static __thread long tls_private = 1000;
long vars_bump_private(long by) { return tls_private += by; }
