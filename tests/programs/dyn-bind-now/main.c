#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
extern ElfW(Dyn) _DYNAMIC[];
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
int main(int argc, char **argv) {
  (void)argv;
  int now = 0, now1 = 0;
  for (ElfW(Dyn) *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
    if (d->d_tag == DT_FLAGS && (d->d_un.d_val & DF_BIND_NOW)) now = 1;
    if (d->d_tag == DT_FLAGS_1 && (d->d_un.d_val & DF_1_NOW)) now1 = 1;
    if (d->d_tag == DT_BIND_NOW) now = 1;
  }
  printf("immediate binding requested: %s\n", now || now1 ? "yes" : "no");
  /* The order of first calls depends on the argument count: each function is bound before its first call either way. */
  int v[] = {5, 3, 9, 1, 7};
  size_t (*len)(const char *) = strlen;
  if (argc > 1) {
    qsort(v, 5, sizeof v[0], cmp);
    printf("len %zu\n", len("abcdef"));
  } else {
    printf("len %zu\n", len("abcdef"));
    qsort(v, 5, sizeof v[0], cmp);
  }
  char *s = strdup("bound");
  printf("sorted %d %d %d %d %d, %s, abs %d\n", v[0], v[1], v[2], v[3], v[4], s, abs(-4));
  free(s);
  return 0;
}
