/* Linked into libouter.so from an archive; --exclude-libs must not export these. */
int helper_scale(int x) { return x * 3; }
int helper_state = 11;
