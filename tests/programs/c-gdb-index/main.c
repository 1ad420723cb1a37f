#include <stdio.h>

/* Three objects for the index's CU list; -O2 puts main in .text.startup, so its unit's code is a range list. */
struct shape { int kind; double size; };
double shape_area(const struct shape *s);
int table_sum(const int *values, int n);

static const int values[] = {3, 1, 4, 1, 5, 9, 2, 6};

int main(void)
{
    struct shape squares[] = {{0, 2.0}, {1, 3.0}};
    double area = shape_area(&squares[0]) + shape_area(&squares[1]);
    int sum = table_sum(values, (int)(sizeof values / sizeof values[0]));
    printf("area %.2f sum %d\n", area, sum);
    return sum == 31 ? 0 : 1;
}
