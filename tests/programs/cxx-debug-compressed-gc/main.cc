#include <cstdio>
#include <map>
#include <string>
#include <vector>

// C++ with -gz=zlib (templates, COMDAT groups, .debug_str full of mangled names) linked with --gc-sections:
// unused functions go, their debug info stays and is relocated from decompressed bytes.
int shapes(int n);

int unused_helper(int x) { return x * 42; }

int main()
{
    std::map<std::string, std::vector<int>> groups;
    for (int i = 0; i < 10; i++)
        groups[i % 2 ? "odd" : "even"].push_back(i);
    int sum = 0;
    for (const auto &[name, values] : groups)
        for (int v : values)
            sum += v * static_cast<int>(name.size());
    std::printf("sum %d shapes %d\n", sum, shapes(4));
    return 0;
}
