static int helper(void) { return 3; }
static int state = 30;
int b_helper(void) { return helper() + state; }
