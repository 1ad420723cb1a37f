// A freestanding program whose linker script (kdata.ld) pads and fills between inputs: it reads the padding
// through the script's symbols and exits 42 when every byte and alignment is as GNU ld writes it (another code
// names the first check that fails).
extern const unsigned char _eboot[], _stext_main[], _esecond[], __marker[], __marker_end[];
__attribute__((section(".data.first"))) char first = 1;
__attribute__((section(".data.second"), aligned(16))) long second = 2;
int later = 3;
const long ro1 = 11;
const long ro2 = 22;
static long sys(long n, long a) {
#if defined(__aarch64__)
    // AArch64 Linux (the corpus's AArch64 column): the number in x8 (exit is 93), the argument in x0.
    register long x8 __asm__("x8") = n == 60 ? 93 : n;
    register long x0 __asm__("x0") = a;
    __asm__ volatile ("svc #0" : "+r"(x0) : "r"(x8) : "memory");
    return x0;
#else
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a) : "rcx", "r11", "memory");
    return r;
#endif
}
__attribute__((noinline)) int main_part(void) { return later + (int)ro1 + (int)ro2; }
static int pattern_at(const unsigned char *p, const unsigned char *pat, int n, long from, long to) {
    for (long i = from; i < to; i++)
        if (p[i - from] != pat[(i - from) % n]) return 0;
    return 1;
}
__attribute__((section(".text.boot"))) void _start(void) {
    static const unsigned char cc[] = {0xcc}, beef[] = {0xde, 0xad, 0xbe, 0xef}, nop2[] = {0x00, 0x90};
    int code = 42;
    const unsigned char *gap = (const unsigned char *)&first + 1;
    if (((unsigned long)_stext_main & 63) != 0) code = 1;
    else if (!pattern_at(_eboot, cc, 1, 0, _stext_main - _eboot)) code = 2;
    else if (((unsigned long)&ro1 & 31) != 0 || ((unsigned long)&ro2 & 31) != 0) code = 3;
    else if (!pattern_at(gap, nop2, 2, 0, (const unsigned char *)&second - gap)) code = 4;
    else if (((unsigned long)__marker & 63) != 0) code = 5;
    else if (!pattern_at(_esecond, beef, 4, 0, __marker - _esecond)) code = 6;
    else if (__marker_end - __marker != 0x100 || !pattern_at(__marker, beef, 4, 0, 0x100)) code = 7;
    else if ((const unsigned char *)&later < __marker_end) code = 8;
    else if (main_part() != 36 || first != 1 || second != 2) code = 9;
    sys(60, code);
}
