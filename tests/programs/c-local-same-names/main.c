#include <stdio.h>

static int helper(void) { return 1; }
static int state = 10;
int a_helper(void);
int b_helper(void);
int *a_state(void);

int main(void)
{
    /* Static (local) symbols with the same names in three objects stay distinct. */
    *a_state() += 5;
    printf("main=%d a=%d b=%d state=%d a_state=%d\n", helper(), a_helper(), b_helper(), state, *a_state());
    return 0;
}
