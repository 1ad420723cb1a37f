// A table of pointers that the loader relocates and then write-protects (.data.rel.ro), aligned to 64 bytes,
// beside .dynamic and a .got with a few imported data symbols. The relro region must end on a page boundary
// whatever these sizes add up to: the harness checks at run time that none of it is left writable.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct op {
    const char *name;
    int (*apply)(int, int);
};

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }

// Pointers to code and data: relocated at load time in a PIE, so the compiler puts the table in .data.rel.ro.
static const struct op ops[] __attribute__((aligned(64))) = {
    { "add", add },
    { "sub", sub },
    { "mul", mul },
};

const char *const names[] __attribute__((aligned(64))) = { "zero", "one", "two", "three", "four" };

int main(void)
{
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        printf("%s(7, 3) = %d\n", ops[i].name, ops[i].apply(7, 3));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        printf("%zu is %s\n", i, names[i]);
    // Imported data, reached through the GOT.
    fprintf(stdout, "stderr is %s\n", stderr != NULL ? "open" : "closed");
    printf("environment %s\n", getenv("RELRO_CASE") != NULL ? "set" : "unset");
    return strcmp(names[2], "two") == 0 ? 0 : 1;
}
