#include <stdio.h>

__attribute__((visibility("hidden"))) int hidden_fn(int x);
__attribute__((visibility("protected"))) int protected_fn(int x);
extern __attribute__((visibility("hidden"))) int hidden_var;
extern int internal_var;

int main(void)
{
    hidden_var += 1;
    printf("hidden_fn=%d protected_fn=%d hidden_var=%d internal_var=%d\n",
           hidden_fn(2), protected_fn(3), hidden_var, internal_var);
    return 0;
}
