#include <stdio.h>
#include <string.h>

/* Three objects, each with its debug sections stored differently; the program checks its own data,
   and the test's readelf/gdb checks (DebugCompressionTests) read the line tables. */
int table_sum(const int *values, int n);
const char *label(int which);

static const int values[] = {3, 1, 4, 1, 5, 9, 2, 6};

int main(void)
{
    int sum = table_sum(values, (int)(sizeof values / sizeof values[0]));
    printf("sum %d\n", sum);
    printf("label %s %s\n", label(0), label(1));
    printf("lengths %zu\n", strlen(label(0)) + strlen(label(1)));
    return sum == 31 ? 0 : 1;
}
