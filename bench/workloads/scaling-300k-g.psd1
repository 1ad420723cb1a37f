# Generated call graph: 1000 objects x 300 functions (about 300k symbols), with debug info (-g) on top of glibc's libc.a.
# Objects are compiled once and cached under bench/results/tmp/objects/scaling-300k-g/.
@{
    Description   = 'generated C: 1000 objects x 300 functions, `gcc -static`, -ffunction-sections, -g'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 1000; Functions = 300 }
    CompileArgs   = @('-O1', '-g', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    Series        = 'scaling -g'
}
