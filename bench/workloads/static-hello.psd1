# C hello world linked with `gcc -static`: crt1.o/crtbeginT.o, glibc's libc.a inside --start-group/--end-group.
@{
    Description = 'C hello world, `gcc -static` (glibc libc.a, non-PIE)'
    Driver      = 'gcc'
    Sources     = @('sources/hello.c')
    CompileArgs = @('-O2')
    LinkArgs    = @('-static')
}
