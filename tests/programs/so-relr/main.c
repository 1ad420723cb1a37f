#include <stdio.h>
extern int (*const lib_ops[])(int);
extern int *lib_run[70];
extern const char *lib_name;
extern int lib_check(void);
static int local = 9;
int *mine[3] = { &local, &local, &local };
int main(void)
{
    printf("check: %d\n", lib_check());
    printf("ops: %d %d %d\n", lib_ops[0](5), lib_ops[1](5), lib_ops[2](6));
    printf("run: %d %d\n", *lib_run[0], *lib_run[69]);
    printf("name: %s, mine: %d\n", lib_name, *mine[0] + *mine[2]);
    return 0;
}
