int ping_tail(int n); /* libping.a again: a cycle between the archives */
int pong(int n) { return n <= 0 ? 100 : 10 + ping_tail(n - 1); }
