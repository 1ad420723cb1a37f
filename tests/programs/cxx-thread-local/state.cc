#include <string>
struct PerThread {
    std::string label;
    int uses = 0;
    PerThread() : label("fresh") {}
};
thread_local PerThread per_thread;
static int shared;
int bump_shared() { return ++shared; }
