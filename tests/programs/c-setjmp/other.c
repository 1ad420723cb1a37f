#include <setjmp.h>
#include <stdio.h>

void deep(jmp_buf *where, int depth)
{
    if (depth > 0) {
        deep(where, depth - 1);
        return;
    }
    puts("bottom reached, jumping");
    longjmp(*where, 40);
}
