#include <stdio.h>
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
extern void (*__fini_array_start[])(void), (*__fini_array_end[])(void);
static void init(void) { puts("init"); }
__attribute__((section(".init_array"), used)) static void (*init_entry)(void) = init;
int main(void) {
  printf("preinit empty: %d, preinit at init_array: %d, fini after init: %d, init entries: %d\n",
         __preinit_array_start == __preinit_array_end, (void *)__preinit_array_start == (void *)__init_array_start,
         (void *)__fini_array_start == (void *)__init_array_end, (int)(__init_array_end - __init_array_start) > 0);
  return 0;
}
