const char *greeting(void) { return "strong greeting"; }
int config_other = 20;
