#include <stdio.h>

/* Tentative definitions: commons under -fcommon. */
int counter;
int limit;
int flag;

/* Defined only in the archive members that must stay out: their presence shows whether they were pulled. */
__attribute__((weak)) int limit_member_loaded(void);
__attribute__((weak)) int flag_member_loaded(void);
__attribute__((weak)) int counter_member_loaded(void);

int main(void)
{
    printf("counter=%d (member pulled: %s)\n", counter, counter_member_loaded ? "yes" : "no");
    printf("limit=%d (member pulled: %s)\n", limit, limit_member_loaded ? "yes" : "no");
    printf("flag=%d (member pulled: %s)\n", flag, flag_member_loaded ? "yes" : "no");
    counter += 1;
    printf("counter after increment=%d\n", counter);
    return 0;
}
