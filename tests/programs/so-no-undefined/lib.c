#include <math.h>
#include <stdio.h>
#include <string.h>
static char buffer[64];
const char *describe(double x) {
  snprintf(buffer, sizeof buffer, "sqrt=%.3f floor=%.0f len=%zu", sqrt(x), floor(x / 3), strlen("defined"));
  return buffer;
}
