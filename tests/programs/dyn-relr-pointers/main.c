/* Every pointer below needs a RELATIVE relocation in a PIE; -z pack-relative-relocs moves those at even
   addresses into .relr.dyn. The program checks each one after ld.so (or the static PIE's self-relocation)
   applied them, so a word the RELR table misses, or one it relocates twice, shows up as a wrong answer. */
#include <stdio.h>
#include <stddef.h>

int vals[256];
extern int more_check(void);

#define P4(b) &vals[b], &vals[b + 1], &vals[b + 2], &vals[b + 3]
#define P20(b) P4(b), P4(b + 4), P4(b + 8), P4(b + 12), P4(b + 16)
#define P100(b) P20(b), P20(b + 20), P20(b + 40), P20(b + 60), P20(b + 80)

/* More than 63 consecutive words: one address entry and two bitmaps. */
int *run[100] = { P100(0) };

/* Gaps wider than a bitmap reaches: each pointer after a gap needs a new address entry. */
struct gaps { int *a; long pad1[100]; int *b; long pad2[70]; int *c; long pad3[62]; int *d; } gaps = {
    &vals[200], {0}, &vals[201], {0}, &vals[202], {0}, &vals[203] };

/* Odd offsets (packed, in a section aligned to 1): ld.so still needs them, from .rela.dyn. */
struct __attribute__((packed)) odd { char c; int *p; char d; int *q; };
__attribute__((section(".data.odd"))) struct odd odds[3] = {
    {'a', &vals[210], 'b', &vals[211]}, {'c', &vals[212], 'd', &vals[213]}, {'e', &vals[214], 'f', &vals[215]} };

/* An even offset that is not a multiple of 8: packable, but it starts a run of its own. */
struct __attribute__((packed, aligned(2))) even2 { short s; int *p; short t; int *q; };
struct even2 evens = { 1, &vals[220], 2, &vals[221] };

/* .data.rel.ro: pointers to strings and functions, read-only after relocation. */
static int counter;
static int inc(void) { return ++counter; }
static int dbl(void) { return counter * 2; }
static int neg(void) { return -counter; }
static const char *const names[] = { "alpha", "beta", "gamma", "delta" };
static int (*const ops[])(void) = { inc, dbl, neg, inc };

/* Thread-local initial values are relocated in the TLS image. */
__thread int *tls_ptr = &vals[230];

int main(void)
{
    for (int i = 0; i < 256; i++) vals[i] = i * 3 + 1;
    int bad = 0;
    for (int i = 0; i < 100; i++) bad += run[i] != &vals[i];
    printf("run: %s\n", bad ? "wrong" : "ok");
    printf("gaps: %d %d %d %d\n", *gaps.a, *gaps.b, *gaps.c, *gaps.d);
    int sum = 0;
    for (int i = 0; i < 3; i++) sum += *odds[i].p + *odds[i].q + odds[i].c + odds[i].d;
    printf("odds: %d\n", sum);
    printf("evens: %d %d %d %d\n", evens.s, *evens.p, evens.t, *evens.q);
    for (int i = 0; i < 4; i++) printf("%s=%d ", names[i], ops[i]());
    printf("\n");
    printf("tls: %d\n", *tls_ptr);
    printf("more: %d\n", more_check());
    return 0;
}
