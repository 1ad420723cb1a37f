#include <stdio.h>

int get(void);
extern __thread int tcv;
extern __thread char big[4096];

int main(void) {
    printf("get %d\n", get());
    printf("tcv %d big %d\n", tcv, big[4092]);
    printf("aligned %s\n", ((unsigned long)big & 63) == 0 ? "yes" : "no");
    return 0;
}
