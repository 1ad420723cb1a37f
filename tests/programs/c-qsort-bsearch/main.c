#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct person { const char *name; int age; };
int by_age_then_name(const void *a, const void *b);   /* cmp.c */
int by_name(const void *a, const void *b);

static int int_desc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

int main(void)
{
    struct person people[] = {
        { "mallory", 41 }, { "alice", 30 }, { "eve", 25 }, { "bob", 30 },
        { "trent", 52 }, { "carol", 25 }, { "dave", 30 },
    };
    size_t n = sizeof people / sizeof people[0];
    qsort(people, n, sizeof people[0], by_age_then_name);
    for (size_t i = 0; i < n; i++)
        printf("%d %s\n", people[i].age, people[i].name);
    qsort(people, n, sizeof people[0], by_name);
    struct person key = { "dave", 0 };
    struct person *hit = bsearch(&key, people, n, sizeof people[0], by_name);
    printf("bsearch dave: %s age %d\n", hit ? hit->name : "missing", hit ? hit->age : -1);
    key.name = "zed";
    printf("bsearch zed: %s\n", bsearch(&key, people, n, sizeof people[0], by_name) ? "found" : "missing");
    int nums[] = { 5, 3, 9, 1, 7, 3 };
    qsort(nums, 6, sizeof nums[0], int_desc);
    for (int i = 0; i < 6; i++)
        printf("%d%c", nums[i], i == 5 ? '\n' : ' ');
    return 0;
}
