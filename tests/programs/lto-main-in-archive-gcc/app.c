// main lives in an archive member of GCC IR: crt1.o's reference pulls it in, and the plugin's object goes in
// just before the archive (GNU ld's place for it). It calls a regular (non-LTO) object both ways.
#include <stdio.h>

int helper_twice(int x);
int app_callback(int x) { return x + 1000; }

int main(void)
{
    printf("%d\n", helper_twice(21));
    return 0;
}
