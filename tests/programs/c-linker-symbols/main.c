#include <elf.h>
#include <stdio.h>
#include <string.h>

extern const Elf64_Ehdr __ehdr_start;
extern char etext[], edata[], end[];
extern char __executable_start[];
extern char _end[];

static const char rodata_marker[] = "marker";
int data_marker = 5;
static char bss_marker[64];

int main(void)
{
    const unsigned char *id = __ehdr_start.e_ident;
    printf("__ehdr_start magic ok: %s\n", memcmp(id, ELFMAG, SELFMAG) == 0 ? "yes" : "no");
    printf("class 64: %s, machine x86-64: %s\n", id[EI_CLASS] == ELFCLASS64 ? "yes" : "no",
           __ehdr_start.e_machine == EM_X86_64 ? "yes" : "no");
    printf("e_phnum > 0: %s\n", __ehdr_start.e_phnum > 0 ? "yes" : "no");
    printf("__executable_start == &__ehdr_start: %s\n",
           (void *)__executable_start == (void *)&__ehdr_start ? "yes" : "no");
    printf("main < etext: %s\n", (char *)main < etext ? "yes" : "no");
    printf("data_marker < edata: %s\n", (char *)&data_marker < edata ? "yes" : "no");
    printf("edata <= bss_marker < end: %s\n", edata <= bss_marker && bss_marker < end ? "yes" : "no");
    printf("end == _end: %s\n", end == _end ? "yes" : "no");
    printf("rodata marker %s\n", rodata_marker);
    bss_marker[0] = 1;
    return 0;
}
