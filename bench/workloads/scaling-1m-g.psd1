# Generated call graph: 2000 objects x 500 functions (about 1M symbols), with debug info (-g) on top of glibc's libc.a.
# Objects are compiled once and cached under bench/results/tmp/objects/scaling-1m-g/.
@{
    Description   = 'generated C: 2000 objects x 500 functions, `gcc -static`, -ffunction-sections, -g'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 2000; Functions = 500 }
    CompileArgs   = @('-O1', '-g', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    Series        = 'scaling -g'
}
