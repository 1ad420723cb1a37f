#include <stdio.h>

int a(void);

int main(void) {
    printf("%d\n", a());
    return 0;
}
