extern char _end[], __bss_start[];
extern int sym_alias;
int sym_data = 9;
char *sym_end(void) { return _end; }
char *sym_bss_start(void) { return __bss_start; }
int sym_alias_value(void) { return sym_alias; }
