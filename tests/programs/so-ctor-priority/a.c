#include <stdio.h>
char order[64];
int order_len;
void note(char c) { order[order_len++] = c; }
__attribute__((constructor(300))) static void c300(void) { note('3'); }
__attribute__((constructor)) static void cdefault_a(void) { note('a'); }
__attribute__((constructor(101))) static void c101(void) { note('1'); }
__attribute__((destructor(101))) static void d101(void) { printf("destructor 101\n"); }
__attribute__((destructor)) static void ddefault(void) { printf("destructor default\n"); }
