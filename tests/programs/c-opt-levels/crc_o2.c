static unsigned table[256];
static int ready;

unsigned crc_o2(const char *s)
{
    if (!ready) {
        for (unsigned i = 0; i < 256; i++) {
            unsigned c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        ready = 1;
    }
    unsigned crc = 0xffffffffu;
    while (*s)
        crc = table[(crc ^ (unsigned char)*s++) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

int fib_o2(int n) { return n < 2 ? n : fib_o2(n - 1) + fib_o2(n - 2); }
