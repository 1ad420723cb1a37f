#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct PerThread {
    std::string label;
    int uses = 0;
    PerThread() : label("fresh") {}
};

extern thread_local PerThread per_thread;  // dynamic TLS init via a wrapper in state.cc
int bump_shared();

int main()
{
    std::mutex m;
    std::vector<std::string> lines(4);
    std::vector<std::thread> ts;
    for (int i = 0; i < 4; i++)
        ts.emplace_back([i, &lines, &m] {
            per_thread.uses += i;
            per_thread.label += "-" + std::to_string(i);
            std::lock_guard<std::mutex> g(m);
            bump_shared();
            lines[i] = per_thread.label + " uses=" + std::to_string(per_thread.uses);
        });
    for (auto &t : ts)
        t.join();
    for (const auto &l : lines)
        std::printf("%s\n", l.c_str());
    std::printf("main: %s uses=%d shared=%d\n", per_thread.label.c_str(), per_thread.uses, bump_shared());
    return 0;
}
