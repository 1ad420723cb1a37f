#include <stdio.h>
extern char order[];
extern int order_len;
void note(char c);
__attribute__((constructor)) static void program_ctor(void) { note('P'); }
__attribute__((destructor)) static void program_dtor(void) { printf("program destructor\n"); }
int main(void) {
  printf("constructor order: %.*s\n", order_len, order);
  return 0;
}
