#pragma once
struct test_entry { const char *name; int (*fn)(void); int expected; };
#define REGISTER(n, f, e) \
    __attribute__((used, section("test_registry"), aligned(8))) \
    static const struct test_entry entry_##f = { n, f, e }
