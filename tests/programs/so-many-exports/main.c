#define _GNU_SOURCE
#include <stdio.h>
#include <dlfcn.h>
#include "many.h"
#define DECLARE_FN(n) int many_fn_##n(void);
#define DECLARE_VAR(n) extern int many_var_##n;
ALL_FUNCTIONS(DECLARE_FN)
ALL_VARIABLES(DECLARE_VAR)
#define FN_ENTRY(n) many_fn_##n,
#define FN_NAME(n) "many_fn_" #n,
#define VAR_ENTRY(n) &many_var_##n,
static int (*const table[])(void) = {ALL_FUNCTIONS(FN_ENTRY)};
static const char *const names[] = {ALL_FUNCTIONS(FN_NAME)};
static int *const vars[] = {ALL_VARIABLES(VAR_ENTRY)};
int main(void) {
  enum { N = sizeof table / sizeof table[0], V = sizeof vars / sizeof vars[0] };
  long sum = 0;
  int bad = 0;
  for (int i = 0; i < N; i++) sum += table[i]();
  long vsum = 0;
  for (int i = 0; i < V; i++) vsum += *vars[i];
  /* The global lookup sees the program's own dynamic symbols first (canonical PLT entries in no-pie). */
  for (int i = 0; i < N; i += 7) {
    int (*f)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, names[i]);
    if (!f || f != table[i] || f() != table[i]()) bad++;
  }
  printf("%d functions, sum %ld; %d variables, sum %ld; direct calls %d %d; dlsym mismatches %d\n", N, sum, V, vsum,
         many_fn_1000(), many_fn_2999(), bad);
  return 0;
}
