struct config { int id; char name[12]; double scale; long history[4]; };
extern int primes[16];
extern struct config cfg;
extern const char banner[];
extern long lib_counter;
void lib_update(int round);
const void *lib_address_of_primes(void);
const void *lib_address_of_cfg(void);
long lib_sum_primes(void);
