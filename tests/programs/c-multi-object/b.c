#include "shared.h"

extern int main_data;
const char *names[] = { "alpha", "beta", "gamma" };
int names_count = sizeof names / sizeof names[0];

int twice(int x) { return x + main_data; }

const char *name_at(int i) { return names[i]; }
