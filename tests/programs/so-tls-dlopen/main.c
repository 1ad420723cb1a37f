#include <stdio.h>
#include <pthread.h>
#include <dlfcn.h>
static int (*step)(int);
static const char *(*tag)(void);
static int *(*counter_address)(void);
struct result { int id, first, second; char tag[8]; int distinct; };
static int *main_counter;
static void *worker(void *arg) {
  struct result *r = arg;
  r->first = step(r->id);
  r->second = step(r->id);
  snprintf(r->tag, sizeof r->tag, "%s", tag());
  r->distinct = counter_address() != main_counter;
  return 0;
}
int main(void) {
  void *h = dlopen("libtlsuser.so", RTLD_NOW);
  if (!h) { printf("dlopen refused\n"); return 1; }
  step = (int (*)(int))dlsym(h, "user_step");
  tag = (const char *(*)(void))dlsym(h, "user_tag");
  counter_address = (int *(*)(void))dlsym(h, "user_counter_address");
  main_counter = counter_address();
  printf("main: %d tag %s\n", step(0), tag());
  pthread_t t[3];
  struct result r[3];
  for (int i = 0; i < 3; i++) { r[i].id = i + 1; pthread_create(&t[i], 0, worker, &r[i]); }
  for (int i = 0; i < 3; i++) pthread_join(t[i], 0);
  for (int i = 0; i < 3; i++)
    printf("thread %d: %d %d tag %s own counter %s\n", r[i].id, r[i].first, r[i].second, r[i].tag, r[i].distinct ? "yes" : "no");
  printf("main again: %d tag %s\n", step(0), tag());
  return 0;
}
