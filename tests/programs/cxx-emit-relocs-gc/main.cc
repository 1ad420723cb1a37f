#include "errors.h"
#include <cstdio>
#include <cstdlib>
#include <exception>

[[noreturn]] static void on_terminate()
{
    std::printf("std::terminate was called\n");
    std::fflush(stdout);
    std::_Exit(99);
}

int main()
{
    std::set_terminate(on_terminate);
    for (int kind = 0; kind < 5; kind++) {
        try {
            thrower(kind);
        } catch (const parse_error &e) {
            std::printf("caught parse_error: %s code=%d\n", e.what(), e.code);
        } catch (const app_error &e) {
            std::printf("caught app_error: %s code=%d\n", e.what(), e.code);
        } catch (int v) {
            std::printf("caught int %d\n", v);
        } catch (const std::exception &e) {
            std::printf("caught std::exception %s\n", e.what());
        } catch (...) {
            std::printf("caught something else\n");
        }
    }
    try {
        rethrower(1);
    } catch (const app_error &e) {
        std::printf("after rethrow: %s code=%d\n", e.what(), e.code);
    }
    std::printf("nothrow_path: %d %d\n", nothrow_path(2), nothrow_path(7));
    try {
        std::exception_ptr p;
        try { thrower(0); } catch (...) { p = std::current_exception(); }
        std::rethrow_exception(p);
    } catch (const std::runtime_error &e) {
        std::printf("exception_ptr: %s\n", e.what());
    }
    return 0;
}
