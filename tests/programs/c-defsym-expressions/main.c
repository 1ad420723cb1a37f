#include <stdio.h>

char table[64] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!";
int answer(void) { return 42; }

/* Defined only by --defsym: each is another symbol plus or minus a constant. */
extern char shifted[], chained[], back[];
extern int answer_alias(void);

int main(void) {
    printf("shifted %c\n", shifted[0]);
    printf("chained %c\n", chained[0]);
    printf("back %c\n", back[0]);
    printf("shifted-table %d\n", (int)(shifted - table));
    printf("alias %d same %s\n", answer_alias(), (void *)answer_alias == (void *)answer ? "yes" : "no");
    return 0;
}
