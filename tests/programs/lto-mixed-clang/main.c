// IR and regular code in one link. The regular object calls an IR function that nothing in the IR calls
// (it must survive LTO), reads IR data, and has a weak default that an IR definition overrides; the IR calls a
// regular function and pulls a regular archive member; a fat LTO object joins as IR.
#include <stdio.h>

int regular_entry(int x);      // regular.c
int from_archive(int x);       // libreg.a(archived.c)
int fat_function(int x);       // fat.c (-ffat-lto-objects)
int ir_counter;                // read by regular.c

int ir_exported_to_regular(int x) { return x * 7; }
int overridden(void) { return 1; }  // regular.c has a weak default

int main(void)
{
    ir_counter = 3;
    printf("regular_entry %d\n", regular_entry(2));
    printf("from_archive %d\n", from_archive(5));
    printf("fat %d\n", fat_function(4));
    return 0;
}
