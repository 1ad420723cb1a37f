#include <stdio.h>
extern int level;
int scaled(int);
int lib_level(void);
int lib_scaled_via_own(int);
void *lib_scaled_address(void);
int *lib_level_address(void);
int main(void) {
  printf("level %d (library %d), scaled(5)=%d own=%d\n", level, lib_level(), scaled(5), lib_scaled_via_own(5));
  level = 9;
  printf("after program write: library %d, scaled(5)=%d own=%d\n", lib_level(), scaled(5), lib_scaled_via_own(5));
  int (*p)(int) = scaled;
  printf("same function address: %s, same variable address: %s, call %d\n",
         (void *)p == lib_scaled_address() ? "yes" : "no", &level == lib_level_address() ? "yes" : "no", p(2));
  return 0;
}
