#include "text.h"
#include <iostream>
#include <sstream>
std::vector<std::string> split_words(const std::string &s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}
std::map<std::string, int> count_words(const std::vector<std::string> &words) {
  std::map<std::string, int> m;
  for (const auto &w : words) ++m[w];
  return m;
}
std::string render(const std::map<std::string, int> &counts) {
  std::ostringstream o;
  for (const auto &[w, n] : counts) o << w << '=' << n << ';';
  return o.str();
}
void shout(const std::string &s) {
  std::string up = s;
  for (char &c : up) c = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
  std::cout << "library says: " << up << std::endl;
}
