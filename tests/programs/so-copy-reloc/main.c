#include <stdio.h>
#include "table.h"
static void show(const char *when) {
  printf("%s: id=%d name=%s scale=%.2f history=%ld,%ld,%ld,%ld primes[0..3]=%d,%d,%d,%d counter=%ld\n", when, cfg.id,
         cfg.name, cfg.scale, cfg.history[0], cfg.history[1], cfg.history[2], cfg.history[3], primes[0], primes[1],
         primes[2], primes[3], lib_counter);
}
int main(void) {
  printf("sizes: primes=%zu cfg=%zu banner=%s\n", sizeof primes, sizeof cfg, banner);
  show("start");
  lib_update(1);
  lib_update(2);
  show("after library writes");
  primes[15] = 1000;
  cfg.scale = 2.25;
  lib_counter = 77;
  printf("library sums primes: %ld\n", lib_sum_primes());
  lib_update(3);
  show("after program writes");
  printf("same addresses: primes %s cfg %s\n", lib_address_of_primes() == (const void *)primes ? "yes" : "no",
         lib_address_of_cfg() == (const void *)&cfg ? "yes" : "no");
  return 0;
}
