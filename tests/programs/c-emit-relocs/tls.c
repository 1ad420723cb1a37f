/* Compiled with -fPIC: general- and local-dynamic TLS and GOTPCRELX loads that the executable's link relaxes. */
__thread int counter;
static __thread int calls = 100;
int shared_value = 40;

int bump(int by)
{
    counter += by;
    calls++;
    return counter;
}

int tls_sum(void) { return counter + calls + shared_value; }

static const char *const names[] = { "alpha", "beta", "gamma" };
const char *pick(int i) { return names[i % 3]; }

static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
int (*ops[2])(int) = { twice, square };

int never_called(int x) { return x * 3 + shared_value; }
