struct reg { const char *name; struct reg *next; };
struct reg *registry_head;
void registry_add(struct reg *r) { r->next = registry_head; registry_head = r; }
