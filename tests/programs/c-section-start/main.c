#include <stdio.h>
#include <string.h>
#include <stdlib.h>

int counter = 41;
long table[4] = {1, 2, 3, 4};
char zeroed[4096];
extern char _edata[], _end[];

static int in(const void *p, unsigned long lo, unsigned long hi) {
    return (unsigned long)p >= lo && (unsigned long)p < hi;
}

int main(void) {
    printf("data pinned: %s\n", in(&counter, 0x700000, 0x710000) && in(table, 0x700000, 0x710000) ? "yes" : "no");
    printf("bss pinned: %s\n", in(zeroed, 0x800000, 0x810000) ? "yes" : "no");
    printf("edata after data: %s\n", in(_edata, 0x700000, 0x710000) ? "yes" : "no");
    printf("end after bss: %s\n", in(_end, 0x800000, 0x810000) ? "yes" : "no");
    /* The pinned sections are really mapped, writable and zero-filled where they should be. */
    counter++;
    table[3] += counter;
    memset(zeroed + 100, 7, 10);
    int zeros = 0;
    for (int i = 0; i < 4096; i++) zeros += zeroed[i] == 0;
    char *heap = malloc(100000); /* brk starts after the highest segment */
    memset(heap, 1, 100000);
    printf("%d %ld %d %d\n", counter, table[3], zeros, heap[99999]);
    free(heap);
    return 0;
}
