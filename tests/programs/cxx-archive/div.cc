#include <stdexcept>
int checked_div(int a, int b)
{
    if (b == 0)
        throw std::domain_error("division by zero");
    return a / b;
}
