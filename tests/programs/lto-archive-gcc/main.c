// An archive whose members are all GCC IR: only the members resolution needs join the link (one of them
// pulled only by another member), and the member nobody needs must not be compiled into the program, so its
// constructor never runs.
#include <stdio.h>

int parse_number(const char *s);

int main(void)
{
    printf("%d %d %d\n", parse_number("42"), parse_number("-17"), parse_number("+8"));
    return 0;
}
