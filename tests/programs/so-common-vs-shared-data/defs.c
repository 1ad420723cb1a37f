int strong_data = 5;
int bigger_data[20] = {7, 8};
int weak_data __attribute__((weak)) = 6;
int func_named(void) { return 3; }
__thread int tls_named = 4;
int read_strong(void) { return strong_data; }
int read_weak(void) { return weak_data; }
