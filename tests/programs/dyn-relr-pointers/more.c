/* A second object: its packed words interleave with main.c's in the same output sections, and a local
   variable reached through the GOT (a RELATIVE GOT slot, packed too). */
extern int vals[256];
int *more_ptrs[8] = { &vals[240], &vals[241], &vals[242], &vals[243], &vals[244], &vals[245], &vals[246], &vals[247] };
__attribute__((used)) static int hidden_value = 17;
__attribute__((noinline)) static int *through_got(void)
{
    int *r;
    /* A GOT load the linker may not relax: `add` has no lea form. */
    __asm__("xor %0, %0\n\taddq hidden_value@GOTPCREL(%%rip), %0" : "=r"(r));
    return r;
}
int more_check(void)
{
    int s = 0;
    for (int i = 0; i < 8; i++) s += *more_ptrs[i];
    return s + *through_got();
}
