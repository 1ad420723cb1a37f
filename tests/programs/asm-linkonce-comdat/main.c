#include <stdio.h>
int shared_func(void), linkonce_only(void), group_only(void), helper(void);
extern int shared_data;
int main(void) {
  printf("shared_func %d, shared_data %d, linkonce_only %d, group_only %d, helper %d\n",
         shared_func(), shared_data, linkonce_only(), group_only(), helper());
  return 0;
}
