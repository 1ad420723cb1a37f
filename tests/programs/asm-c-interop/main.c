#include <stdio.h>

long asm_sum_array(const long *p, long n);
long asm_call_back(long x);
void asm_print(void);
extern long asm_bias;
extern char asm_message[];

int c_counter;
long c_square(long x) { return x * x; }

int main(void)
{
    long v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    printf("asm_sum_array = %ld\n", asm_sum_array(v, 10));
    printf("asm_call_back(12) = %ld\n", asm_call_back(12));
    asm_bias = 1;
    printf("asm_call_back(12) after bias change = %ld\n", asm_call_back(12));
    asm_print();
    asm_print();
    printf("c_counter = %d, message starts with '%.7s'\n", c_counter, asm_message);
    return 0;
}
