int shared_counter;
char shared_buf[4];
void bump_counter(void) { shared_counter += 10; }
