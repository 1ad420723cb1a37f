#include <stdio.h>
extern char _end[], __bss_start[], _edata[];
char *pre_end(void), *pre_bss_start(void), *pre_edata(void), *sym_end(void), *sym_bss_start(void);
int pre_alias_value(void), sym_alias_value(void);
int pre_alias = 70;   /* preempts libpre's --defsym alias */
int sym_alias = 90;   /* does not preempt libsym's: -Bsymbolic */
int main(void) {
  printf("libpre: _end is the program's: %s, __bss_start: %s, _edata: %s, alias reads %d\n",
         pre_end() == _end ? "yes" : "no", pre_bss_start() == __bss_start ? "yes" : "no",
         pre_edata() == _edata ? "yes" : "no", pre_alias_value());
  printf("libsym: _end is the program's: %s, __bss_start: %s, alias reads %d\n",
         sym_end() == _end ? "yes" : "no", sym_bss_start() == __bss_start ? "yes" : "no", sym_alias_value());
  return 0;
}
