const char *const names[3] = {"alpha", "beta", "gamma"};
int hits = 1;
const char *const *lib_names(void) { return names; }
int lib_hits(void) { return hits; }
