/* A library whose RELATIVE relocations are packed: tables of pointers to its own data and functions. */
static int data[128];
static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
int (*const lib_ops[])(int) = { twice, square, twice };
int *lib_table[80];
int *lib_run[70] = {
#define Q(i) &data[i]
#define Q10(b) Q(b), Q(b + 1), Q(b + 2), Q(b + 3), Q(b + 4), Q(b + 5), Q(b + 6), Q(b + 7), Q(b + 8), Q(b + 9)
    Q10(0), Q10(10), Q10(20), Q10(30), Q10(40), Q10(50), Q10(60)
};
struct far { int *first; long pad[90]; int *second; } lib_far = { &data[100], {0}, &data[101] };
const char *lib_name = "relr";

int lib_check(void)
{
    for (int i = 0; i < 128; i++) data[i] = i + 5;
    int bad = 0;
    for (int i = 0; i < 70; i++) bad += lib_run[i] != &data[i];
    return bad * 1000 + *lib_far.first + *lib_far.second + lib_ops[1](3) + lib_ops[0](4);
}
