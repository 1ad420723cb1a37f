int used_function(int x) { return x + 40; }
