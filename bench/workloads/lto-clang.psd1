# Link-time optimisation with clang 19 (full LTO): the generated call graph of scaling-10k compiled to LLVM
# bitcode, dynamic PIE. GNU ld, gold, mold and wild load LLVMgold.so (-plugin in the captured argv); ld.lld does
# the same LTO itself and takes the -plugin-opt options.
@{
    Description   = 'generated C, 100 objects x 100 functions of LLVM bitcode: `clang-19 -O2 -flto` (LLVMgold.so; lld natively), dynamic PIE'
    Driver        = 'clang-19'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 100; Functions = 100 }
    CompileArgs   = @('-O2', '-flto')
    LinkArgs      = @('-flto')
    Requires      = @{ Command = 'clang-19'; Packages = @('clang-19', 'llvm-19-linker-tools') }
}
