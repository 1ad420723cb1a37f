/* plugin_hook is defined nowhere, but only called when the program is given five arguments, which it never is:
   with --unresolved-symbols=ignore-all (or --warn-unresolved-symbols) GNU ld links it anyway, and so must wild. */
#include <stdio.h>

void plugin_hook(int);

int main(int argc, char **argv)
{
    (void)argv;
    if (argc > 5) plugin_hook(argc);
    puts("ran without the hook");
    return 0;
}
