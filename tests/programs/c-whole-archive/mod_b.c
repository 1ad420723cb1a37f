struct reg { const char *name; struct reg *next; };
void registry_add(struct reg *r);
static struct reg me = { "module b", 0 };
__attribute__((constructor)) static void init(void) { registry_add(&me); }
