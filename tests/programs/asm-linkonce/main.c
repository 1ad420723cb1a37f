#include <stdio.h>
extern int linkonce_data;
extern const char linkonce_text[];
int linkonce_func(void);
int second_only(void);
int main(void)
{
    linkonce_data += 1;
    printf("data=%d func=%d rodata=%s second_only=%d\n", linkonce_data, linkonce_func(), linkonce_text, second_only());
    return 0;
}
