# C++ with iostream and exceptions, `g++` defaults: a dynamic PIE against libstdc++.so.6 and libc.so.6.
@{
    Description = 'C++ iostream + exceptions, `g++` default (dynamic PIE, libstdc++.so)'
    Driver      = 'g++'
    Sources     = @('sources/exceptions.cpp')
    CompileArgs = @('-O2')
    LinkArgs    = @()
}
