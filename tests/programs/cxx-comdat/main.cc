#include "common.h"
#include <typeinfo>

int main()
{
    std::printf("use_a=%d use_b=%d use_a=%d\n", use_a(), use_b(), use_a());
    std::printf("Counter<int>=%d Counter<double>=%d twice(1.5)=%.1f\n",
                Counter<int>::count, Counter<double>::count, twice(1.5));
    std::printf("inline function address equal: %s\n",
                inline_address_a() == inline_address_b() && inline_address_a() == &shared_inline_state ? "yes" : "no");
    inline_var++;
    std::printf("inline variable shared: %s value %d\n",
                inline_var_address_a() == inline_var_address_b() ? "yes" : "no", *inline_var_address_b());
    const Shape &a = shape_a(), &b = shape_b();
    std::printf("%s/%d %s/%d same typeinfo: %s\n", a.name(), a.sides(), b.name(), b.sides(),
                typeid(a) == typeid(b) ? "yes" : "no");
    return 0;
}
