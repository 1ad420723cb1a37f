#include <cstdio>
#include "walk.h"
static int seen;
static void throw_at_three(int i) { seen += i; if (i == 3) throw ProgramError{42}; }
static void throw_string_at_one(int i) { if (i == 1) throw std::string("from program"); }
int main() {
  int r = walk_catching(10, throw_at_three);
  std::printf("walk_catching: %d (seen %d)\n", r, seen);
  try {
    walk(5, throw_string_at_one);
    std::printf("no exception\n");
  } catch (const std::string &s) {
    std::printf("program caught its own exception through the library: %s\n", s.c_str());
  }
  try {
    checked(-7);
  } catch (const WalkError &e) {
    std::printf("caught WalkError '%s' step %d\n", e.what(), e.step);
  }
  try {
    checked(1000);
  } catch (const std::exception &e) {
    std::printf("caught std::exception '%s' (out_of_range: %s)\n", e.what(),
                dynamic_cast<const std::out_of_range *>(&e) ? "yes" : "no");
  }
  int c = checked(21);
  std::printf("checked(21)=%d guards destroyed=%d\n", c, guards_destroyed);
  return 0;
}
