/* The second object of the hello sample: a greeting and a little arithmetic across an object boundary. */
#ifndef GREET_H
#define GREET_H
#include <stddef.h>

extern int greet_count;
int greet(char *buf, size_t len, const char *name);
long sum_to(int n);

#endif
