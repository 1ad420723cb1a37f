#include "walk.h"
int guards_destroyed = 0;
namespace {
struct Guard { ~Guard() { ++guards_destroyed; } };
}
int walk(int n, void (*cb)(int)) {
  Guard g;
  int done = 0;
  for (int i = 0; i < n; i++) { cb(i); done++; }
  return done;
}
int walk_catching(int n, void (*cb)(int)) {
  try {
    return walk(n, cb);
  } catch (const ProgramError &e) {
    return -e.code;
  }
}
int checked(int n) {
  Guard g;
  if (n < 0) throw WalkError("negative", n);
  if (n > 100) throw std::out_of_range("too big");
  return n * 2;
}
