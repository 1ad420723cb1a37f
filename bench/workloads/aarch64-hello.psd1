# AArch64: the C hello world of static-hello cross-compiled with Debian's aarch64-linux-gnu-gcc and linked `-static`
# (the cross glibc's libc.a); the peers are the cross GNU ld (the reference) and gold, ld.lld and wild, whose
# outputs run under qemu-aarch64.
@{
    Description = 'AArch64 C hello world, `aarch64-linux-gnu-gcc -static` (cross glibc libc.a), outputs run under qemu-aarch64'
    Driver      = 'aarch64-linux-gnu-gcc'
    Machine     = 'aarch64'
    Sources     = @('sources/hello.c')
    CompileArgs = @('-O2')
    LinkArgs    = @('-static')
    Requires    = @{ Command = 'qemu-aarch64'; Packages = @('gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'qemu-user') }
}
