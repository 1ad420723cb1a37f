/* Links without libprovider.so: these are resolved when the consumer is loaded. */
extern int provided_value;
int provided_twice(int);
int consume(void) { return provided_twice(provided_value) + 1; }
