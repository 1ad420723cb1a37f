#include "tracer.h"

Tracer m1("main1");

int main()
{
    std::printf("main: registry has %d, a1 is %s\n", registry_count(), a1.name.c_str());
    lazy_singleton();
    lazy_singleton();
    return 0;
}
