#include <stdio.h>
#include <string.h>
#include "strings.h"

/* Two objects with thousands of string pieces each, half of them identical: enough pieces that the linker
   deduplicates in several hash shards, and references into the middle of pieces that must still land on
   the right bytes after merging. */
static const char *const shared[] = { L7("shared-") };
static const char *const mine[] = { L7("main-only-") };
static const char *const middles[] = { M3("middle-") };
static const char *const shorts[] = { SHORTS("") };

const char *const *other_shared(void);
const char *const *other_own(void);
const char *const *other_middles(void);
const char *const *other_shorts(void);

static unsigned long checksum(const char *const *table, int count)
{
    unsigned long h = 1469598103934665603ul;
    for (int i = 0; i < count; i++)
        for (const char *c = table[i]; *c; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ul;
    return h;
}

int main(void)
{
    const char *const *theirs = other_shared();
    const char *const *own = other_own();
    const char *const *their_middles = other_middles();
    const char *const *their_shorts = other_shorts();
    int same_text = 0, same_storage = 0, distinct = 0, middles_same = 0, shorts_same = 0;
    for (int i = 0; i < TABLE; i++)
    {
        same_text += strcmp(shared[i], theirs[i]) == 0;
        same_storage += shared[i] == theirs[i];
        distinct += strcmp(mine[i], own[i]) != 0 && mine[i] != own[i];
    }
    for (int i = 0; i < MIDDLES; i++)
        middles_same += strcmp(middles[i], their_middles[i]) == 0 && middles[i] == their_middles[i];
    for (int i = 0; i < SHORT; i++)
        shorts_same += strcmp(shorts[i], their_shorts[i]) == 0 && shorts[i] == their_shorts[i];
    printf("shared: %d equal, %d share storage\n", same_text, same_storage);
    printf("shorts: %d equal in place; %s %s %s %s\n", shorts_same, shorts[0], shorts[300], shorts[600], shorts[SHORT - 1]);
    printf("own: %d distinct\n", distinct);
    printf("middles: %d equal in place; first %s, last %s\n", middles_same, middles[0], middles[MIDDLES - 1]);
    printf("checksums %lx %lx %lx %lx %lx %lx %lx\n", checksum(shared, TABLE), checksum(mine, TABLE), checksum(own, TABLE),
           checksum(middles, MIDDLES), checksum(their_middles, MIDDLES), checksum(shorts, SHORT), checksum(their_shorts, SHORT));
    return 0;
}
