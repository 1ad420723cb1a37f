const char *other_hello(void) { return "hello, merged world"; }
const char *other_suffix(void) { return "merged world"; }

const int *other_table(void)
{
    static const int t[4] = { 10, 20, 30, 40 };
    return t;
}
