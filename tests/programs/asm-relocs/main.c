#include <stdint.h>
#include <stdio.h>

struct table {
    long *q0, *q16, *q24;
    uint32_t l0, l8;
    int32_t pc32;
    int32_t pad;
    int64_t pc64;
    int (*local_fn)(void);
    long (*c_fn)(long);
};
extern struct table reloc_table;
extern long target_words[4];
long load_abs32s(long i);

long c_global = 77;
long c_function(long x) { return x + c_global; }

int main(void)
{
    struct table *t = &reloc_table;
    printf("q0=%lx q16=%lx q24=%lx\n", *t->q0, *t->q16, *t->q24);
    printf("l0 ok: %s, l8 ok: %s\n", t->l0 == (uint32_t)(uintptr_t)target_words ? "yes" : "no",
           t->l8 == (uint32_t)(uintptr_t)&target_words[1] ? "yes" : "no");
    printf("pc32 ok: %s\n", (char *)&t->pc32 + t->pc32 == (char *)target_words ? "yes" : "no");
    printf("pc64 ok: %s\n", (char *)&t->pc64 + t->pc64 == (char *)&c_global ? "yes" : "no");
    printf("local_fn() = %d, c_fn(1) = %ld\n", t->local_fn(), t->c_fn(1));
    printf("load_abs32s(3) = %lx\n", load_abs32s(3));
    return 0;
}
