void say(const char *s);

__attribute__((constructor(101))) static void c101(void) { say("ctor 101 (other.c)"); }
__attribute__((constructor(300))) static void c300(void) { say("ctor 300 (other.c)"); }
__attribute__((constructor)) static void cdefault(void) { say("ctor default (other.c)"); }
__attribute__((destructor(300))) static void d300(void) { say("dtor 300 (other.c)"); }
__attribute__((destructor)) static void ddefault(void) { say("dtor default (other.c)"); }
