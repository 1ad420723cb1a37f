__thread char small_tls = 3;
__thread double big_aligned[8] __attribute__((aligned(64))) = { 0.5, 1.5, 2.5, 3.5 };
__thread int bss_aligned[16] __attribute__((aligned(64)));
