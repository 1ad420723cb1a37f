# An output past 4 GiB (issue 18): 300 generated objects, each with a 16 MiB initialized array in .data and 50
# functions with debug info (-g), about 4.7 GiB linked. Objects are compiled once and cached under
# bench/results/tmp/objects/large-output-g/ (4.7 GiB of them); outputs go to /dev/shm like every workload's, so the
# machine needs about 15 GiB of memory for the inputs' page cache, one output and the linker's own.
@{
    Description   = 'generated C: 300 objects x 16 MiB .data + 50 functions, `gcc -static`, -g; output about 4.7 GiB'
    Driver        = 'gcc'
    Generator     = 'generators/New-LargeData.ps1'
    GeneratorArgs = @{ Objects = 300; ArrayMiB = 16; Functions = 50 }
    CompileArgs   = @('-O1', '-g')
    LinkArgs      = @('-static')
}
