#include <map>
#include <sstream>
#include <string>

std::map<std::string, int> count_words(const std::string &text)
{
    std::map<std::string, int> m;
    std::istringstream in(text);
    std::string w;
    while (in >> w)
        ++m[w];
    return m;
}
