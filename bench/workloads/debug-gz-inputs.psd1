# Compressed debug inputs: the scaling-300k-g program (1000 objects x 300 functions, -g) compiled with -gz=zlib, so
# every .debug_* section is SHF_COMPRESSED and the linker decompresses about 80 MB before relocating and merging it.
@{
    Description   = 'generated C: 1000 objects x 300 functions, `gcc -static`, -g -gz=zlib inputs'
    Driver        = 'gcc'
    Generator     = 'generators/New-CallGraph.ps1'
    GeneratorArgs = @{ Objects = 1000; Functions = 300 }
    CompileArgs   = @('-O1', '-g', '-gz=zlib', '-ffunction-sections', '-fdata-sections')
    LinkArgs      = @('-static')
}
