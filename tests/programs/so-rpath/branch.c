int leaf_value(void);
int branch_value(void) { return leaf_value() * 2; }
