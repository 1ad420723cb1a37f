# C hello world with gcc's defaults: a dynamic PIE against libc.so.6.
@{
    Description = 'C hello world, `gcc` default (dynamic PIE, libc.so.6)'
    Driver      = 'gcc'
    Sources     = @('sources/hello.c')
    CompileArgs = @('-O2')
    LinkArgs    = @()
}
