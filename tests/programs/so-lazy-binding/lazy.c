int late_function(int);
int lazy_entry(int call_late) { return call_late ? late_function(1) + 100 : 100; }
