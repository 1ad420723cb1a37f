#include <string.h>
extern char app_name[];
int app_log(const char *msg);
int plugin_entry(void) {
  int n = app_log("plugin loaded");
  n += app_log(app_name);
  strcpy(app_name, "renamed");
  return n;
}
