int util_value = 40;
static int hidden_table[4] = { 1, 2, 3, 4 };
int util_sum(void) { int s = 0; for (int i = 0; i < 4; i++) s += hidden_table[i]; return s + util_value; }
int (*util_self(void))(void) { return util_sum; }
