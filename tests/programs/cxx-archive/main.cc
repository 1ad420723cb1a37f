#include <cstdio>
#include <stdexcept>
#include <string>

int checked_div(int a, int b);           // libmath.a
std::string describe(int v);             // libtext.a, which uses libmath.a

int main()
{
    std::printf("%s\n", describe(84).c_str());
    try {
        checked_div(1, 0);
    } catch (const std::domain_error &e) {
        std::printf("caught from archive: %s\n", e.what());
    }
    try {
        describe(-1);
    } catch (const std::exception &e) {
        std::printf("caught through two archives: %s\n", e.what());
    }
    return 0;
}
