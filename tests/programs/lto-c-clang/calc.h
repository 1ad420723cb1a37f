int square(int x);
int apply(int op, int a, int b);
const char *table_name(int i);
int bump(void);
int hook(int x);
extern int counter;
