// Program headers named by the script (PHDRS), with the ELF headers loaded in the first segment.
extern char __executable_start[], _etext[], _edata[];
static const char msg[] = "phdrs\n";
int answer = 40;
static long sys(long n, long a, long b, long c) {
#if defined(__aarch64__)
    // AArch64 Linux (the corpus's AArch64 column): the number in x8 (write is 64, exit 93), arguments from x0.
    register long x8 __asm__("x8") = n == 60 ? 93 : n == 1 ? 64 : n;
    register long x0 __asm__("x0") = a, x1 __asm__("x1") = b, x2 __asm__("x2") = c;
    __asm__ volatile ("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
#else
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
#endif
}
void _start(void) {
    // The ELF header is mapped at the start of the first segment: its magic is readable.
    int ok = __executable_start[0] == 0x7f && __executable_start[1] == 'E' && _etext > __executable_start && _edata > _etext;
    sys(1, 1, (long)msg, sizeof msg - 1);
    sys(60, ok ? answer + 2 : 1, 0, 0);
}
