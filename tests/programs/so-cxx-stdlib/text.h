#include <map>
#include <string>
#include <vector>
std::vector<std::string> split_words(const std::string &s);
std::map<std::string, int> count_words(const std::vector<std::string> &words);
std::string render(const std::map<std::string, int> &counts);
void shout(const std::string &s);
