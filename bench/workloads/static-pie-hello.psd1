# C hello world linked with `gcc -static-pie`: rcrt1.o/crtbeginS.o, `-static -pie --no-dynamic-linker -z text`;
# the output relocates itself at start-up (R_X86_64_RELATIVE in .rela.dyn).
@{
    Description = 'C hello world, `gcc -static-pie` (glibc libc.a, self-relocating PIE)'
    Driver      = 'gcc'
    Sources     = @('sources/hello.c')
    CompileArgs = @('-O2', '-fPIE')
    LinkArgs    = @('-static-pie')
}
