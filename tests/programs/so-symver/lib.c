/* Two implementations of sv_compute: the old ABI (SV_1) and the current default (SV_2). */
__asm__(".symver sv_compute_v1, sv_compute@SV_1");
__asm__(".symver sv_compute_v2, sv_compute@@SV_2");
__asm__(".symver sv_limit_v1, sv_limit@SV_1");
__asm__(".symver sv_limit_v2, sv_limit@@SV_2");
int sv_compute_v1(int x) { return x + 1; }
int sv_compute_v2(int x) { return x * 100; }
int sv_limit_v1 = 10;
int sv_limit_v2 = 20;
int sv_stable(void) { return sv_compute_v1(0) + sv_compute_v2(1); }
int sv_stable2(void) { return 2; }
