# Compressed debug output: the scaling-300k-g program linked with --compress-debug-sections=zstd (about 80 MB of
# .debug_* relocated, then compressed in chunks on every core).
@{
    Description   = 'generated C: 1000 objects x 300 functions, `gcc -static`, -g, --compress-debug-sections=zstd'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 1000; Functions = 300 }
    CompileArgs   = @('-O1', '-g', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static', '-Wl,--compress-debug-sections=zstd')
}
