#include <iostream>
#include <stdexcept>
std::string shout(const std::string&);
int main() { std::cout << shout("hi") << "\n"; try { shout(""); } catch (const std::exception& e) { std::cout << "caught " << e.what() << "\n"; } }
