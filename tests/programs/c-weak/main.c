#include <stdio.h>

/* Weak defaults; strong.c overrides two of them. */
__attribute__((weak)) const char *greeting(void) { return "weak greeting"; }
__attribute__((weak)) const char *farewell(void) { return "weak farewell"; }
__attribute__((weak)) int config_value = 1;
__attribute__((weak)) int config_other = 2;

/* Undefined weak: nothing defines these, so their addresses are null. */
extern void optional_hook(void) __attribute__((weak));
extern int optional_data __attribute__((weak));

int main(void)
{
    printf("%s / %s / %d / %d\n", greeting(), farewell(), config_value, config_other);
    printf("optional_hook is %s\n", optional_hook ? "present" : "null");
    printf("optional_data is %s\n", &optional_data ? "present" : "null");
    if (optional_hook)
        optional_hook();
    return 0;
}
