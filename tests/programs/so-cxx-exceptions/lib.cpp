#include <stdexcept>
#include <string>
std::string shout(const std::string& s) { if (s.empty()) throw std::runtime_error("empty"); return s + "!"; }
