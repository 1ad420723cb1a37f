#include <stdio.h>
#include <dlfcn.h>
extern int sysv_data[4];
int sysv_gamma(int);
int sysv_call_program(int);
int program_function(int x) { return x * 11; }
int main(void) {
  sysv_data[2] = 30;
  printf("gamma(5)=%d data=%d,%d,%d,%d callback=%d\n", sysv_gamma(5), sysv_data[0], sysv_data[1], sysv_data[2],
         sysv_data[3], sysv_call_program(3));
  void *h = dlopen("libsysv.so", RTLD_NOW);
  const char *names[] = {"sysv_alpha", "sysv_beta", "sysv_gamma", "sysv_data", "sysv_missing"};
  for (int i = 0; i < 5; i++) printf("dlsym %s: %s\n", names[i], h && dlsym(h, names[i]) ? "found" : "null");
  printf("program symbol through RTLD_DEFAULT: %s\n", dlsym(RTLD_DEFAULT, "program_function") == (void *)program_function ? "yes" : "no");
  return 0;
}
