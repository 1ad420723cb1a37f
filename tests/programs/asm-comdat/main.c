#include <stdio.h>

int shared_fn(void);
int from_group1(void);
int from_group2(void);
extern int shared_data;

int main(void)
{
    printf("shared_fn=%d from_group1=%d from_group2=%d shared_data=%d\n",
           shared_fn(), from_group1(), from_group2(), shared_data);
    return shared_fn();
}
