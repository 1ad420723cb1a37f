#include <stdio.h>
extern int lib_data;
int lib_twice(int);
int (*lib_pointer(void))(int);
int lib_call(int (*f)(int), int x);
static int local_counter = 1;
int main_data = 3;
static int add_one(int x) { return x + 1 + local_counter++; }
int main(void)
{
    int a = lib_twice(10);
    int b = lib_call(add_one, main_data);
    lib_data += 1;
    int c = lib_call(lib_twice, 4);
    printf("%d %d %d %d same pointer %s\n", a, b, c, lib_data, lib_pointer() == lib_twice ? "yes" : "no");
    return 0;
}
