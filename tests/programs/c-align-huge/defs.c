char align64k[100] __attribute__((aligned(1 << 16))) = "sixty-four KiB";
char align2m[100] __attribute__((aligned(2 << 20))) = "two MiB";
char bss1m[64] __attribute__((aligned(1 << 20)));
