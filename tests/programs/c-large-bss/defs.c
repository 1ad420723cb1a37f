unsigned char big_bss[64u << 20];
