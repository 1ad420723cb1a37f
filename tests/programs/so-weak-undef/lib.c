int lib_present(void) { return 11; }
int lib_data = 12;
/* Weak references from the library: one the program defines, one nobody defines. */
extern int program_hook(void) __attribute__((weak));
extern int nowhere_hook(void) __attribute__((weak));
extern int program_data __attribute__((weak));
extern int nowhere_data __attribute__((weak));
int lib_probe(void) {
  return (program_hook ? program_hook() : -1) * 1000 + (nowhere_hook ? 1 : 0) * 100 + (&program_data ? program_data : 0) * 10 +
         (&nowhere_data ? 1 : 0);
}
