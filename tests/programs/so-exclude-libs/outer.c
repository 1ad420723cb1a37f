int helper_scale(int x);
extern int helper_state;
int outer_api(int x) { return helper_scale(x) + helper_state; }
