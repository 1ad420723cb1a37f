#include <stdexcept>
#include <string>
struct WalkError : std::runtime_error {
  int step;
  WalkError(const std::string &what, int s) : std::runtime_error(what), step(s) {}
};
struct ProgramError { int code; };
/* Calls cb(i) for i in [0, n); returns how many calls completed. Exceptions from cb pass through. */
int walk(int n, void (*cb)(int));
/* As walk, but catches ProgramError itself and returns -code. */
int walk_catching(int n, void (*cb)(int));
/* Throws WalkError when n is negative, std::out_of_range when n > 100. */
int checked(int n);
extern int guards_destroyed;
