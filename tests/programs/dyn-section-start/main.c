#include <stdio.h>
#include <stdlib.h>

int counter = 3;
int zeroed[100];
const char *names[] = {"a", "b", "c"};
extern char __ehdr_start[];

int main(void) {
    long offset = (char *)&counter - __ehdr_start;
    printf("data at base+0x700000: %s\n", offset >= 0x700000 && offset < 0x701000 ? "yes" : "no");
    printf("bss after it: %s\n", (char *)zeroed > (char *)&counter && (char *)zeroed - (char *)&counter < 0x1000 ? "yes" : "no");
    zeroed[99] = counter + atoi(names[1][0] == 'b' ? "4" : "0");
    printf("%d %s%s%s\n", zeroed[99], names[0], names[1], names[2]);
    return 0;
}
