#include <stdio.h>
void note(char c);
__attribute__((constructor(200))) static void c200(void) { note('2'); }
__attribute__((constructor)) static void cdefault_b(void) { note('b'); }
__attribute__((constructor(65000))) static void c65000(void) { note('9'); }
__attribute__((destructor(200))) static void d200(void) { printf("destructor 200\n"); }
