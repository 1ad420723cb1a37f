#include "shared.h"

int counter = 3;

int bump(int by)
{
    counter += by;
    report("a.c");
    return counter;
}
