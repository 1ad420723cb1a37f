#include <stdio.h>
#include <unistd.h>
#include <string.h>

/* write(2), not stdio, so that output after stdio's own teardown still appears. */
void say(const char *s)
{
    write(1, s, strlen(s));
    write(1, "\n", 1);
}

__attribute__((constructor(200))) static void c200(void) { say("ctor 200 (main.c)"); }
__attribute__((constructor(101))) static void c101(void) { say("ctor 101 (main.c)"); }
__attribute__((constructor)) static void cdefault(void) { say("ctor default (main.c)"); }
__attribute__((destructor(101))) static void d101(void) { say("dtor 101 (main.c)"); }
__attribute__((destructor(300))) static void d300(void) { say("dtor 300 (main.c)"); }
__attribute__((destructor)) static void ddefault(void) { say("dtor default (main.c)"); }

int main(void)
{
    say("main");
    return 0;
}
