// Firmware-style: initialised data lives in "rom" (load address) and runs in "ram"; the start code copies it.
extern char _sidata[], _sdata[], _edata[], _sbss[], _ebss[];
int table[4] = { 1, 2, 3, 4 };
int total;
static long sys(long n, long a, long b, long c) {
    long r;
    __asm__ volatile ("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
void _start(void) {
    // On a board the start code copies .data from its load address (_sidata, in rom) to ram; the ELF loader
    // maps it at its run address already, so only the symbols are checked here.
    if (_edata - _sdata != 16 || _ebss - _sbss != 4 || _sidata == _sdata) sys(60, 99, 0, 0);
    for (int i = 0; i < 4; i++) total += table[i];
    sys(60, total, 0, 0);
}
