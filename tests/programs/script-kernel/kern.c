// A freestanding program: raw syscalls, globals in .data/.bss, a constant in .rodata, symbols from the script.
extern char _etext[], __bss_start[], _end[], __data_start[], _stext[];
static const char msg[] = "hello from a script\n";
int counter = 5;
long zeroes[64];
static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
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
