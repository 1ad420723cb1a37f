/* Nothing in main refers to plugin_register: --require-defined pulls its archive member in (like -u), so the
   member's constructor runs, and the link would fail if the member did not define it. */
#include <stdio.h>

int main(void)
{
    puts("main");
    return 0;
}
