/* The library calls missing_helper, which nothing in the program's link defines: ld.so would stop the program
   with "symbol lookup error", so GNU ld (--no-allow-shlib-undefined, the default for executables) fails the link. */
int missing_helper(int);
int weak_optional(void) __attribute__((weak));

int lib_entry(int x)
{
    return missing_helper(x) + (weak_optional ? weak_optional() : 0);
}
