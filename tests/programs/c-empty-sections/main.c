#include <stdio.h>

/* An orphan section with a label and no bytes, and an empty .jcr and .preinit_array: GNU ld drops the first (and
   crtstuff's empty .tm_clone_table) from the output but keeps the KEEP ones; the symbols of the dropped section
   still stand where it would have been. */
__asm__(".section empty_set,\"aw\"\n.globl in_empty\nin_empty:\n.previous");
__asm__(".section .jcr,\"aw\"\n.previous\n.section .preinit_array,\"aw\",@preinit_array\n.previous");
extern char __start_empty_set[], __stop_empty_set[], in_empty[];
extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);

int main(void)
{
    printf("empty set: %s\n", __start_empty_set == __stop_empty_set ? "yes" : "no");
    printf("label at start: %s\n", in_empty == __start_empty_set ? "yes" : "no");
    printf("preinit entries: %d\n", (int)(__preinit_array_end - __preinit_array_start));
    return 0;
}
