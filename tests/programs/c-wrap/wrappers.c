#include <stddef.h>
int __real_compute(int x);
int wrapped_calls;
int __wrap_compute(int x) { wrapped_calls++; return __real_compute(x) + 1; }

void *__real_malloc(size_t n);
size_t malloc_bytes;
void *__wrap_malloc(size_t n) { malloc_bytes += n; return __real_malloc(n); }
