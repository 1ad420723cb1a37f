# AArch64: scaling-100k's generated call graph (500 objects x 200 functions, about 100k symbols) cross-compiled with
# aarch64-linux-gnu-gcc and linked `-static`; outputs run under qemu-aarch64. Objects are cached as for scaling-100k.
@{
    Description   = 'AArch64 generated C: 500 objects x 200 functions, `aarch64-linux-gnu-gcc -static`, -ffunction-sections'
    Driver        = 'aarch64-linux-gnu-gcc'
    Machine       = 'aarch64'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 500; Functions = 200 }
    CompileArgs   = @('-O1', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    Requires      = @{ Command = 'qemu-aarch64'; Packages = @('gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'qemu-user') }
}
