// A freestanding program that checks the table its linker script wrote (fwdata.ld): every field by value, read
// through the script's symbols, and exits 42 when all agree (another code names the first field that does not).
struct fw_table {
    unsigned int magic, text_addr, text_size, data_addr, data_size, reserved;
    unsigned long long entry;
    long long minus_two;
    unsigned char byte;
    unsigned char short_lo, short_hi; // SHORT(0x1234) is unaligned: right after the BYTE
};
extern const struct fw_table fw_table;
extern const char fw_table_end[], __text_start[], __text_end[];
extern unsigned long long fw_stamp;
extern void _start(void);
int counter = 7;
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
void _start(void) {
    const struct fw_table *t = &fw_table;
    int code = 42;
    if (t->magic != 0x46574231) code = 1;
    else if (t->text_addr != (unsigned long)__text_start) code = 2;
    else if (t->text_size != (unsigned long)(__text_end - __text_start)) code = 3;
    else if (t->data_addr != ((unsigned long)&counter & ~0xfffUL)) code = 4;
    else if (t->data_size < sizeof counter) code = 5;
    else if (t->reserved != 0) code = 12;
    else if (t->entry != (unsigned long)_start) code = 6;
    else if (t->minus_two != -2) code = 7;
    else if (t->byte != 0x5a || t->short_lo != 0x34 || t->short_hi != 0x12) code = 8;
    else if (*(const unsigned long long *)fw_table_end != (unsigned long)(fw_table_end - (const char *)t)) code = 9;
    else if (((unsigned long)fw_table_end & 7) != 0) code = 10;
    else if (counter != 7) code = 11;
    else if (fw_stamp != 0x1122334455667788ULL) code = 13;
    sys(60, code);
}
