#ifndef SHARED_H
#define SHARED_H
extern int counter;
extern const char *names[];
extern int names_count;
int bump(int by);
int twice(int x);
const char *name_at(int i);
void report(const char *who);
#endif
