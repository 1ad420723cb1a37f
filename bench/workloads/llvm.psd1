# A C++ client of LLVM 19's static libraries (Debian llvm-19-dev): parses an IR module from a string, runs the
# O2 pipeline and emits x86-64 assembly, with every target registered, so the link pulls in most of LLVM
# (about 120 MB of output). Compiled with `llvm-config-19 --cxxflags`, linked with `g++` (dynamic PIE) and
# `llvm-config-19 --link-static --ldflags --libs all --system-libs` after the object.
# `--libs all` names libPolly*.a and `--system-libs` names -lzstd, which llvm-19-dev itself does not pull in:
# libpolly-19-dev and libzstd-dev are needed too, or GNU ld stops at "cannot find -lPolly".
@{
    Description        = 'C++ against LLVM 19''s static libraries (`llvm-config-19 --link-static --libs all`), `g++` default (dynamic PIE)'
    Driver             = 'g++'
    Sources            = @('sources/llvm-ir.cpp')
    CompileArgs        = @('-O2')
    CompileArgsCommand = @('llvm-config-19', '--cxxflags')
    LinkArgs           = @()
    LibraryArgsCommand = @('llvm-config-19', '--link-static', '--ldflags', '--libs', 'all', '--system-libs')
    Requires           = @{ Command = 'llvm-config-19'; Packages = @('llvm-19-dev', 'libpolly-19-dev', 'libzstd-dev') }
}
