#include <stdio.h>
extern int util_value, nopic_value;
int util_sum(void);
int (*util_self(void))(void);
int nopic_bump(int);
static const char *names[] = { "zero", "one", "two" };
int main(void)
{
    util_value += 2;
    int s = util_sum();
    int n = nopic_bump(5) + nopic_bump(6);
    printf("%d %d %s %s same %s\n", s, n, names[1], names[2], util_self() == util_sum ? "yes" : "no");
    return nopic_value == 9 ? 0 : 1;
}
