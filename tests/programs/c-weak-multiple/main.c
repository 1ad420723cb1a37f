#include <stdio.h>

const char *who(void);
extern int weak_value;
const char *who_in_second(void);

int main(void)
{
    /* Two weak definitions and no strong one: the first in link order is used. */
    printf("who=%s weak_value=%d second sees %s\n", who(), weak_value, who_in_second());
    return 0;
}
