#include <stdio.h>
#include "registry.h"

extern const struct test_entry __start_test_registry[], __stop_test_registry[];
/* A section name that nothing defines: ld provides no symbols, so weak refs are null. */
extern const char __start_no_such_section[] __attribute__((weak));

static int one(void) { return 1; }
REGISTER("main.one", one, 1);

int main(void)
{
    int pass = 0, n = (int)(__stop_test_registry - __start_test_registry);
    printf("%d entries\n", n);
    for (const struct test_entry *e = __start_test_registry; e < __stop_test_registry; e++) {
        int ok = e->fn() == e->expected;
        printf("%-10s %s\n", e->name, ok ? "ok" : "FAIL");
        pass += ok;
    }
    printf("absent section start: %s\n", __start_no_such_section ? "defined" : "null");
    return n - pass;
}
