#include <stddef.h>

struct op { const char *name; long (*fn)(long, long); const long *bias; };

static long add(long a, long b) { return a + b; }
static long sub(long a, long b) { return a - b; }
long shl(long a, long b) { return a << b; }

static const long zero = 0, hundred = 100;

const struct op ops[] = {
    { "add", add, &zero },
    { "sub", sub, &hundred },
    { "shl", shl, &zero },
    { NULL, NULL, NULL },
};
struct op *mutable_ops[] = { (struct op *)&ops[2], (struct op *)&ops[0], NULL };
long (*const *indirect)(long, long) = &ops[1].fn;
const char *const messages[] = { "first" + 1, "second", "third" + 3, NULL };
