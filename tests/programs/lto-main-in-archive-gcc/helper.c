int app_callback(int x);
int helper_twice(int x) { return app_callback(2 * x); }
