#pragma once
#include <stdexcept>
#include <string>

struct app_error : std::runtime_error {
    int code;
    app_error(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

struct parse_error : app_error {
    parse_error(const std::string &what) : app_error("parse: " + what, 2) {}
};

void thrower(int kind);          // thrower.cc
void rethrower(int kind);        // thrower.cc: catches, adds context, rethrows
int nothrow_path(int x) noexcept; // thrower.cc
