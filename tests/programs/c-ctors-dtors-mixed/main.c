#include <string.h>
#include <unistd.h>

/* write(2), not stdio, so that output after stdio's own teardown still appears. */
void say(const char *s)
{
    write(1, s, strlen(s));
    write(1, "\n", 1);
}

/* Called from legacy.s's .ctors/.dtors/.init_array/.fini_array entries. */
void ctors_a(void) { say(".ctors entry a (legacy.s)"); }
void ctors_b(void) { say(".ctors entry b (legacy.s)"); }
void ctors_101(void) { say(".ctors.65434 = priority 101 (legacy.s)"); }
void ctors_500(void) { say(".ctors.65035 = priority 500 (legacy.s)"); }
void init_101(void) { say(".init_array.00101 (legacy.s)"); }
void init_500_a(void) { say(".init_array.00500 entry a (legacy.s)"); }
void init_500_b(void) { say(".init_array.00500 entry b (legacy.s)"); }
void init_plain(void) { say(".init_array plain (legacy.s)"); }
void dtors_a(void) { say(".dtors entry a (legacy.s)"); }
void dtors_b(void) { say(".dtors entry b (legacy.s)"); }
void dtors_101(void) { say(".dtors.65434 = priority 101 (legacy.s)"); }
void fini_101(void) { say(".fini_array.00101 (legacy.s)"); }
void fini_plain(void) { say(".fini_array plain (legacy.s)"); }

__attribute__((constructor(101))) static void c101(void) { say("ctor 101 (main.c)"); }
__attribute__((constructor(500))) static void c500(void) { say("ctor 500 (main.c)"); }
__attribute__((constructor)) static void cdefault(void) { say("ctor default (main.c)"); }
__attribute__((destructor(101))) static void d101(void) { say("dtor 101 (main.c)"); }
__attribute__((destructor)) static void ddefault(void) { say("dtor default (main.c)"); }

int main(void)
{
    say("main");
    return 0;
}
