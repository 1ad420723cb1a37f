#include <stdio.h>

/* main.c is built -fno-pie (absolute R_X86_64_32S/32 relocations, direct calls),
   lib_pic.c with -fPIC (GOTPCRELX loads the linker may relax), lib_pie.c with -fPIE. */
extern int pic_counter;
extern int pie_values[3];
int pic_next(void);
int pie_sum(void);
int *pic_counter_address(void);
static int *const abs_ptr = &pie_values[1];

int main(void)
{
    pic_next();
    pic_next();
    pie_values[0] = 100;
    printf("pic_counter=%d pic_next=%d pie_sum=%d abs_ptr=%d\n", pic_counter, pic_next(), pie_sum(), *abs_ptr);
    printf("address agrees: %s\n", pic_counter_address() == &pic_counter ? "yes" : "no");
    return 0;
}
