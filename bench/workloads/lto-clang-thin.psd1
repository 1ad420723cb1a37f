# ThinLTO with clang 19: the generated call graph of scaling-10k, each module compiled on its own by LLVMgold.so's
# backend threads (ld.lld: its own), dynamic PIE.
@{
    Description   = 'generated C, 100 objects x 100 functions of LLVM bitcode: `clang-19 -O2 -flto=thin` (LLVMgold.so; lld natively), dynamic PIE'
    Driver        = 'clang-19'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 100; Functions = 100 }
    CompileArgs   = @('-O2', '-flto=thin')
    LinkArgs      = @('-flto=thin')
    Requires      = @{ Command = 'clang-19'; Packages = @('clang-19', 'llvm-19-linker-tools') }
}
