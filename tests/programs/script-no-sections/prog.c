/* Freestanding: exits 9. Its object has .mytab before .rodata, an order GNU ld keeps for orphans. */
int value = 5;
int zero;
const char text[] = "ok";
__attribute__((section(".mytab"), used)) const int tab[2] = {3, 4};
static void quit(long code) { __asm__ volatile("syscall" :: "a"(60L), "D"(code)); __builtin_unreachable(); }
void _start(void) { quit(value + zero + text[1] - 'k' + tab[1]); }
