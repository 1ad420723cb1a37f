/* The library calls log_line through its PLT, so the program's own definition interposes it. */
#include <stdio.h>
void log_line(const char *s) { printf("library log: %s\n", s); }
int library_work(int x) { log_line("working"); return x * 3; }
