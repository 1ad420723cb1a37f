extern char _end[], __bss_start[], _edata[];
extern int pre_alias;
int pre_data = 5;
char *pre_end(void) { return _end; }
char *pre_bss_start(void) { return __bss_start; }
char *pre_edata(void) { return _edata; }
int pre_alias_value(void) { return pre_alias; }
