# .gdb_index: the scaling-300k-g program (1000 objects x 300 functions, -g) compiled with -ggnu-pubnames too (lld,
# gold and mold, like wild, take the index's names from .debug_gnu_pubnames/pubtypes), linked with --gdb-index by
# every linker but GNU ld, which has no such option and stays the reference (linked without it; its row is not
# comparable).
@{
    Description   = 'generated C: 1000 objects x 300 functions, `gcc -static`, -g -ggnu-pubnames, `--gdb-index` (not GNU ld)'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 1000; Functions = 300 }
    CompileArgs   = @('-O1', '-g', '-ggnu-pubnames', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    PeerLinkArgs  = @('--gdb-index')
}
