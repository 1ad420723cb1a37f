#include <stdio.h>
extern int lib_present(void) __attribute__((weak));
extern int lib_missing(void) __attribute__((weak));
extern int lib_data __attribute__((weak));
extern int missing_data __attribute__((weak));
int lib_probe(void);
int program_hook(void) { return 7; }
int program_data = 3;
int main(void) {
  printf("lib_present %s -> %d\n", lib_present ? "resolved" : "null", lib_present ? lib_present() : -1);
  printf("lib_missing %s\n", lib_missing ? "resolved" : "null");
  printf("lib_data %s -> %d, missing_data %s\n", &lib_data ? "resolved" : "null", &lib_data ? lib_data : -1,
         &missing_data ? "resolved" : "null");
  printf("library probe %d\n", lib_probe());
  return 0;
}
