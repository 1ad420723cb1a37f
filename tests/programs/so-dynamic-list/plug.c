extern int host_counter;
int host_callback(int);
int plugin_run(int x) { host_counter += 10; return host_callback(x) + host_counter; }
