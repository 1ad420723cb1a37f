int late_function(int x) { return x * 7; }
