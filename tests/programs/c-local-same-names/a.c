static int helper(void) { return 2; }
static int state = 20;
int a_helper(void) { return helper() + state; }
int *a_state(void) { return &state; }
