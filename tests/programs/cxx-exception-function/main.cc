#include <cstdio>
#include <functional>
#include <stdexcept>
#include <vector>

std::function<int(int)> make_checker(int limit); // checker.cc
int apply_all(const std::vector<std::function<int(int)>> &fs, int x); // checker.cc

int main()
{
    std::vector<std::function<int(int)>> fs;
    fs.push_back(make_checker(50));
    fs.push_back([](int x) { return x * 2; });
    fs.push_back(make_checker(150));
    for (int x : {1, 30, 60}) {
        try {
            std::printf("apply_all(%d) = %d\n", x, apply_all(fs, x));
        } catch (const std::out_of_range &e) {
            std::printf("apply_all(%d) threw out_of_range: %s\n", x, e.what());
        }
    }
    std::function<void()> empty;
    try {
        empty();
    } catch (const std::bad_function_call &) {
        std::printf("bad_function_call caught\n");
    }
    return 0;
}
