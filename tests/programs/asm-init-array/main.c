#include <string.h>
#include <unistd.h>

void puts_wrapper(const char *s)
{
    write(1, s, strlen(s));
    write(1, "\n", 1);
}

int main(void)
{
    puts_wrapper("main");
    return 0;
}
