#include <stdio.h>
// Entries collected in a section the script inserts after .data, walked between the script's symbols.
struct entry { const char *name; int value; };
#define ENTRY(n, v) static const struct entry n __attribute__((used, section(".myentries"))) = { #n, v }
ENTRY(alpha, 1);
ENTRY(beta, 2);
ENTRY(gamma, 3);
extern const struct entry __myentries_start[], __myentries_end[];
int main(void) {
    int sum = 0;
    for (const struct entry *e = __myentries_start; e < __myentries_end; e++) { printf("%s=%d\n", e->name, e->value); sum += e->value; }
    printf("sum %d\n", sum);
    return sum == 6 ? 0 : 1;
}
