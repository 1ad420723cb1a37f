char filler1 = 1;
char page_data[4096] __attribute__((aligned(4096))) = { 3, [4095] = 4 };
char filler2 = 2;
char page_bss[8192] __attribute__((aligned(4096)));
const char page_ro[4096] __attribute__((aligned(4096))) = "read-only page";
