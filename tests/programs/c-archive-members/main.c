#include <stdio.h>

int parse_number(const char *s); /* parse.o in libutil.a */

int main(void)
{
    printf("parse_number(\"1234\") = %d\n", parse_number("1234"));
    printf("parse_number(\"-77\") = %d\n", parse_number("-77"));
    return 0;
}
