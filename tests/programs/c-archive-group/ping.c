int pong(int n); /* libpong.a, which comes later on the link line */
int ping(int n) { return n <= 0 ? 0 : 1 + pong(n - 1); }
