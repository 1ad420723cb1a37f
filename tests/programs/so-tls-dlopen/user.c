#include <string.h>
extern __thread int tls_counter;
extern __thread char tls_tag[8];
long vars_bump_private(long by);
static __thread int user_local = 3;
int user_step(int id) {
  tls_counter += id;
  user_local *= 2;
  if (id) { tls_tag[0] = (char)('A' + id); tls_tag[1] = 0; }
  return tls_counter * 100 + user_local + (int)vars_bump_private(id);
}
const char *user_tag(void) { return tls_tag; }
int *user_counter_address(void) { return &tls_counter; }
