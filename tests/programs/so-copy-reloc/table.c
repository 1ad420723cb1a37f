#include <string.h>
#include "table.h"
int primes[16] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};
struct config cfg = {7, "initial", 1.5, {1, 2, 3, 4}};
const char banner[] = "library banner";
long lib_counter;
void lib_update(int round) {
  cfg.id += round;
  cfg.history[round % 4] = round * 100;
  strcpy(cfg.name, "updated");
  primes[round] = -primes[round];
  lib_counter += round;
}
const void *lib_address_of_primes(void) { return primes; }
const void *lib_address_of_cfg(void) { return &cfg; }
long lib_sum_primes(void) { long s = 0; for (int i = 0; i < 16; i++) s += primes[i]; return s; }
