#include <iostream>
#include <sstream>
#include "text.h"
int main() {
  std::string text = "the quick fox and the lazy dog and the end";
  auto words = split_words(text);
  std::cout << "words: " << words.size() << "\n";
  auto counts = count_words(words);
  counts["program"] = 99; /* the program inserts into the library's map */
  std::cout << render(counts) << "\n";
  std::ostringstream o;
  o << "long string built by the program " << std::string(40, 'x');
  shout(o.str());
  std::cout << "program says: done " << std::hex << 255 << std::dec << std::endl;
  return 0;
}
