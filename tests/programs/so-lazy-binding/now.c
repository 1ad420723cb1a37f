int late_function(int);
int now_entry(int call_late) { return call_late ? late_function(2) + 200 : 200; }
