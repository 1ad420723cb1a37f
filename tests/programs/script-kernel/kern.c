// A freestanding program: raw syscalls, globals in .data/.bss, a constant in .rodata, symbols from the script.
extern char _etext[], __bss_start[], _end[], __data_start[], _stext[];
static const char msg[] = "hello from a script\n";
int counter = 5;
long zeroes[64];
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
    int ok = 1;
    for (int i = 0; i < 64; i++) if (zeroes[i]) ok = 0;
    if (!((char*)&counter >= __data_start && (char*)&counter < __bss_start)) ok = 0;
    if (!((char*)zeroes >= __bss_start && (char*)(zeroes + 64) <= _end)) ok = 0;
    if (!((char*)_start >= _stext && (char*)_start < _etext)) ok = 0;
    if (counter != 5) ok = 0;
    sys(1, 1, (long)msg, sizeof msg - 1);
    sys(60, ok ? 42 : 1, 0, 0);
}
