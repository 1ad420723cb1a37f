#include <stdio.h>

char start_marker[32];
char end_marker[1];

/* Absolute --defsym values: a sum of numbers, and the difference of two symbols. */
extern char sum[], span[];

int main(void) {
    printf("sum 0x%lx\n", (unsigned long)sum);
    printf("span %lu\n", (unsigned long)span);
    printf("span ok %s\n", (unsigned long)span == (unsigned long)(end_marker - start_marker) ? "yes" : "no");
    return 0;
}
