#include "many.h"
/* Each function returns its number times 3 plus 1; each variable holds its number. */
#define DEFINE_FN(n) int many_fn_##n(void) { return n##L % 100000 * 3 + 1; }
#define DEFINE_VAR(n) int many_var_##n = n % 100000;
ALL_FUNCTIONS(DEFINE_FN)
ALL_VARIABLES(DEFINE_VAR)
