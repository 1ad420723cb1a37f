int fat_function(int x) { return x * x * x; }
