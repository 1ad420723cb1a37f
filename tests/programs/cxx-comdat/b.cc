#include "common.h"

fnptr inline_address_b() { return &shared_inline_state; }
int *inline_var_address_b() { return &inline_var; }
int use_b() { return twice(100) + Counter<int>::next() + Counter<double>::next() + shared_inline_state(); }
const Shape &shape_b() { static Square s; return s; }
