int missing_helper(int);
int uses_missing(int x) { return missing_helper(x) + 1; }
