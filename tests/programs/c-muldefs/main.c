#include <stdio.h>
const char *which(void);
const char *from_second(void);
int main(void) { printf("%s %s\n", which(), from_second()); return 0; }
