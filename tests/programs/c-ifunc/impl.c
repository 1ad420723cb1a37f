typedef int (*binop)(int, int);

static int add_slow(int a, int b) { return a + b + 1000; }
static int add_fast(int a, int b) { return a + b; }

static volatile int force_slow;

/* Runs during static start-up (IRELATIVE processing), before libc is initialised:
   a resolver may only look at its own data here. */
static binop resolve_add(void)
{
    return force_slow ? add_slow : add_fast;
}

int add_impl(int a, int b) __attribute__((ifunc("resolve_add")));

binop addr_from_other_object(void) { return add_impl; }
binop table_entry = add_impl;
