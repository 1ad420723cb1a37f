# C++ with libstdc++ (iostream, exceptions) linked with `g++ -static`.
@{
    Description = 'C++ iostream + exceptions, `g++ -static` (libstdc++.a, libgcc_eh.a, libc.a)'
    Driver      = 'g++'
    Sources     = @('sources/exceptions.cpp')
    CompileArgs = @('-O2')
    LinkArgs    = @('-static')
}
