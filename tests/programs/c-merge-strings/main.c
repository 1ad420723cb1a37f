#include <stdio.h>
#include <string.h>

const char *other_hello(void);
const char *other_suffix(void);
const int *other_table(void);

static const int table[4] = { 10, 20, 30, 40 };

int main(void)
{
    const char *h = "hello, merged world";
    printf("%s | %s | %s\n", h, other_hello(), other_suffix());
    /* Identical literals in .rodata.str1.1 of two objects are merged by GNU ld. */
    printf("identical literals share storage: %s\n", h == other_hello() ? "yes" : "no");
    printf("suffix string intact: %s\n", strcmp(other_suffix(), "merged world") == 0 ? "yes" : "no");
    const int *t = other_table();
    printf("tables: %d %d %d %d / %d %d %d %d\n", table[0], table[1], table[2], table[3], t[0], t[1], t[2], t[3]);
    return 0;
}
