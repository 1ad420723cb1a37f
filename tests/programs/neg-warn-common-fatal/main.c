#include <stdio.h>
int counter; /* a tentative definition: COMMON under -fcommon */
long counter_size_in_archive(void);
long *counter_address_in_archive(void);
int main(void)
{
    counter = 5;
    printf("counter=%d, archive sees size %ld, same variable: %s\n", counter, counter_size_in_archive(),
           (void *)counter_address_in_archive() == (void *)&counter ? "yes" : "no");
    return 0;
}
