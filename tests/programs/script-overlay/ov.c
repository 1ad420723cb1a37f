/* Two overlay sections sharing one run address; the exit code adds their load sizes and the gap between them. */
__attribute__((section(".ov1"), used)) int f1(int x) { return x * 3 + 1; }
__attribute__((section(".ov2"), used)) int f2(int x) { return x + 2; }
__attribute__((section(".ov2"), used)) int f3(int x) { return x - 2; }
extern char __load_start_ov1[], __load_stop_ov1[], __load_start_ov2[], __load_stop_ov2[];
int value = 1;
static void quit(long code) { __asm__ volatile("syscall" :: "a"(60L), "D"(code)); __builtin_unreachable(); }
void _start(void) { quit(value + (__load_stop_ov1 - __load_start_ov1) + (__load_stop_ov2 - __load_start_ov2) + (__load_start_ov2 - __load_stop_ov1)); }
