#include <stdio.h>

const char greeting[] = "hello from a moved image";
static int twice(int x) { return 2 * x; }
int (*volatile fp)(int) = twice;
extern char etext[];

int main(void) {
    unsigned long code = (unsigned long)&main, ro = (unsigned long)greeting;
    printf("text at 0x600000: %s\n", code >= 0x600000 && code < 0x700000 ? "yes" : "no");
    printf("rodata at 0x800000: %s\n", ro >= 0x800000 && ro < 0x900000 ? "yes" : "no");
    printf("etext after text: %s\n", (unsigned long)etext > code && (unsigned long)etext < 0x700000 ? "yes" : "no");
    printf("%s %d\n", greeting, fp(21));
    return 0;
}
