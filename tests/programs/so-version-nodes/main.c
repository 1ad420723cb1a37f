#define _GNU_SOURCE
#include <stdio.h>
#include <dlfcn.h>
int node_first(int);
int node_second(int);
extern int node_data;
static const char *found_or_null(void *p) { return p ? "found" : "null"; }
int main(void) {
  printf("node_first(2)=%d node_second(2)=%d node_data=%d\n", node_first(2), node_second(2), node_data);
  void *h = dlopen("libnode.so", RTLD_NOW);
  if (!h) return 1;
  printf("node_first@LIBNODE_1.0 %s, @LIBNODE_2.0 %s\n", found_or_null(dlvsym(h, "node_first", "LIBNODE_1.0")),
         found_or_null(dlvsym(h, "node_first", "LIBNODE_2.0")));
  printf("node_second@LIBNODE_2.0 %s, @LIBNODE_1.0 %s\n", found_or_null(dlvsym(h, "node_second", "LIBNODE_2.0")),
         found_or_null(dlvsym(h, "node_second", "LIBNODE_1.0")));
  printf("node_data@LIBNODE_1.0 %s, node_private %s\n", found_or_null(dlvsym(h, "node_data", "LIBNODE_1.0")),
         found_or_null(dlsym(h, "node_private")));
  return 0;
}
