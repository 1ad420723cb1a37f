int archived_helper(int x) { return x - 1; }
int from_archive(int x) { return archived_helper(x) * 10; }
