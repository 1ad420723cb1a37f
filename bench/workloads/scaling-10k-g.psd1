# Generated call graph: 100 objects x 100 functions (about 10k symbols), with debug info (-g) on top of glibc's libc.a.
# Objects are compiled once and cached under bench/results/tmp/objects/scaling-10k-g/.
@{
    Description   = 'generated C: 100 objects x 100 functions, `gcc -static`, -ffunction-sections, -g'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 100; Functions = 100 }
    CompileArgs   = @('-O1', '-g', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    Series        = 'scaling -g'
}
