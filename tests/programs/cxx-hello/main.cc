#include <iostream>
#include <string>

int main()
{
    std::string who = "static C++";
    std::cout << "hello from " << who << '\n';
    std::cout << "size " << who.size() << ", upper bound " << std::string::npos / 2 + 1 << std::endl;
    return 0;
}
