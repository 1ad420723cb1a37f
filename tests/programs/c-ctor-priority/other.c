void say(const char *s);

__attribute__((constructor(150))) static void c150(void) { say("ctor 150 (other.c)"); }
__attribute__((constructor(102))) static void c102(void) { say("ctor 102 (other.c)"); }
__attribute__((constructor)) static void cdefault(void) { say("ctor default (other.c)"); }
__attribute__((destructor(200))) static void d200(void) { say("dtor 200 (other.c)"); }
__attribute__((destructor)) static void ddefault(void) { say("dtor default (other.c)"); }
