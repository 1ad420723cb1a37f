/* Freestanding: exits 9. Its object has .mytab before .rodata, an order GNU ld keeps for orphans. */
int value = 5;
int zero;
const char text[] = "ok";
__attribute__((section(".mytab"), used)) const int tab[2] = {3, 4};
static void quit(long code) {
#if defined(__aarch64__)
    // AArch64 Linux (the corpus's AArch64 column): exit is 93, in x8; the code in x0.
    register long x8 __asm__("x8") = 93, x0 __asm__("x0") = code;
    __asm__ volatile("svc #0" :: "r"(x8), "r"(x0));
#else
    __asm__ volatile("syscall" :: "a"(60L), "D"(code));
#endif
    __builtin_unreachable();
}
void _start(void) { quit(value + zero + text[1] - 'k' + tab[1]); }
