int node_data = 64;
int node_private(int x) { return x * 3; }
int node_first(int x) { return node_private(x) + 1; }
int node_second(int x) { return node_first(x) + node_data; }
