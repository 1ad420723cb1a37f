#include <stdio.h>

struct op { const char *name; long (*fn)(long, long); const long *bias; };
extern const struct op ops[];        /* const table of pointers: .data.rel.ro */
extern struct op *mutable_ops[];     /* pointers to pointers: .data */
extern long (*const *indirect)(long, long);
extern const char *const messages[];

static long local_mul(long a, long b) { return a * b; }
long (*main_table[])(long, long) = { local_mul, 0 };

int main(void)
{
    for (const struct op *o = ops; o->name; o++)
        printf("%s(6, 3) + bias = %ld\n", o->name, o->fn(6, 3) + *o->bias);
    for (int i = 0; mutable_ops[i]; i++)
        printf("mutable %s -> %ld\n", mutable_ops[i]->name, mutable_ops[i]->fn(10, 4));
    printf("indirect: %ld\n", (*indirect)(8, 2));
    printf("main_table: %ld\n", main_table[0](7, 6));
    for (int i = 0; messages[i]; i++)
        printf("message %d: %s\n", i, messages[i]);
    return 0;
}
