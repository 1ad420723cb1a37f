# Link-time optimisation with gcc: the generated call graph of scaling-10k (100 objects x 100 functions) compiled
# to GCC IR with -flto, linked with -flto=auto (parallel LTRANS), dynamic PIE. Every linker loads gcc's
# liblto_plugin.so (-plugin in the captured argv), which runs lto-wrapper; the replays get the variables gcc's
# driver set for it. ld.lld cannot read GCC IR.
@{
    Description   = 'generated C, 100 objects x 100 functions of GCC IR: `gcc -O2 -flto`, linked with `-flto=auto` (liblto_plugin.so), dynamic PIE'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 100; Functions = 100 }
    CompileArgs   = @('-O2', '-flto')
    LinkArgs      = @('-flto=auto')
}
