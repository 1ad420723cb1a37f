#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

std::function<int(int)> make_checker(int limit)
{
    return [limit](int x) {
        if (x > limit)
            throw std::out_of_range(std::to_string(x) + " > " + std::to_string(limit));
        return x + limit;
    };
}

int apply_all(const std::vector<std::function<int(int)>> &fs, int x)
{
    for (const auto &f : fs)
        x = f(x);
    return x;
}
