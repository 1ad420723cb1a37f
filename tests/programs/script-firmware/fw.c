// Firmware-style: initialised data lives in "rom" (load address) and runs in "ram"; the start code copies it.
extern char _sidata[], _sdata[], _edata[], _sbss[], _ebss[];
int table[4] = { 1, 2, 3, 4 };
int total;
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
    // On a board the start code copies .data from its load address (_sidata, in rom) to ram; the ELF loader
    // maps it at its run address already, so only the symbols are checked here.
    if (_edata - _sdata != 16 || _ebss - _sbss != 4 || _sidata == _sdata) sys(60, 99, 0, 0);
    for (int i = 0; i < 4; i++) total += table[i];
    sys(60, total, 0, 0);
}
