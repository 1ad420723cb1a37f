#include <stdio.h>

struct reg { const char *name; struct reg *next; };
extern struct reg *registry_head;

int main(void)
{
    /* Members register themselves from constructors; nothing references them,
       so they are linked only because of --whole-archive. */
    int n = 0;
    for (struct reg *r = registry_head; r; r = r->next, n++)
        printf("registered: %s\n", r->name);
    return n;
}
