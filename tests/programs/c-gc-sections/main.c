#include <stdio.h>

struct plugin { const char *name; int (*run)(int); };

/* Entries live in a section kept only because __start_/__stop_ refer to it. */
extern const struct plugin __start_plugins[];
extern const struct plugin __stop_plugins[];

int used_function(int x);
extern int used_data[4];

int main(void)
{
    printf("used_function(4) = %d, used_data[3] = %d\n", used_function(4), used_data[3]);
    for (const struct plugin *p = __start_plugins; p < __stop_plugins; p++)
        printf("plugin %s -> %d\n", p->name, p->run(3));
    return 0;
}
