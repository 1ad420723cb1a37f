#include <algorithm>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <iomanip>

std::map<std::string, int> count_words(const std::string &text); // words.cc

int main(int argc, char **argv)
{
    std::vector<int> v;
    for (int i = 0; i < 20; i++)
        v.push_back((i * 37) % 23);
    std::sort(v.begin(), v.end());
    std::cout << "sorted:";
    for (int x : v)
        std::cout << ' ' << x;
    std::cout << '\n';

    auto words = count_words("the quick brown fox jumps over the lazy dog the end");
    for (const auto &[w, n] : words)
        std::cout << std::setw(6) << w << " = " << n << '\n';

    std::ostringstream os;
    os << std::hex << 48879 << ' ' << std::fixed << std::setprecision(3) << 2.5;
    std::string s = os.str();
    std::cout << "stream: " << s << " (length " << s.size() << ")\n";
    std::cerr << "this goes to stderr\n";
    std::cout << "argc=" << argc << " last=" << argv[argc - 1] << std::endl;
    return 0;
}
