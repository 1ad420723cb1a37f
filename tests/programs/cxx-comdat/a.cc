#include "common.h"

fnptr inline_address_a() { return &shared_inline_state; }
int *inline_var_address_a() { return &inline_var; }
int use_a() { return twice(10) + Counter<int>::next() + shared_inline_state(); }
const Shape &shape_a() { static Square s; return s; }
