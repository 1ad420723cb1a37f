#include <stdio.h>
const char *describe(double);
int main(void) { printf("%s\n", describe(50.0)); return 0; }
