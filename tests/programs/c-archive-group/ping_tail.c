int ping(int n);
int ping_tail(int n) { return ping(n); }
