int dup_fn(void);
int main(void) { return dup_fn(); }
