# Generated call graph: 500 objects x 200 functions (about 100k symbols) on top of glibc's libc.a.
# Objects are compiled once and cached under bench/results/tmp/objects/scaling-100k/.
@{
    Description   = 'generated C: 500 objects x 200 functions, `gcc -static`, -ffunction-sections'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 500; Functions = 200 }
    CompileArgs   = @('-O1', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
    Series        = 'scaling'
}
