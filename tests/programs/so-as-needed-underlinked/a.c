/* Uses b() from libb.so without naming libb.so in its own DT_NEEDED: an underlinked library. */
int b(void);
int a(void) { return b() + 1; }
