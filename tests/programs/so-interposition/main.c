#include <stdio.h>
int library_work(int);
void log_line(const char *s) { printf("program log: %s\n", s); }
int main(void) { printf("result %d\n", library_work(14)); return 0; }
