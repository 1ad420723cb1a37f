// Program headers named by the script (PHDRS), with the ELF headers loaded in the first segment.
extern char __executable_start[], _etext[], _edata[];
static const char msg[] = "phdrs\n";
int answer = 40;
static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
void _start(void) {
    // The ELF header is mapped at the start of the first segment: its magic is readable.
    int ok = __executable_start[0] == 0x7f && __executable_start[1] == 'E' && _etext > __executable_start && _edata > _etext;
    sys(1, 1, (long)msg, sizeof msg - 1);
    sys(60, ok ? answer + 2 : 1, 0, 0);
}
