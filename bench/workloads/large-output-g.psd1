# An output past 4 GiB (issue 18): 300 generated objects, each with a 16 MiB initialized array and 50 functions with
# debug info (-g), about 5.0 GiB linked (a dynamic PIE). The arrays are compiled with -mcmodel=medium, so they go to
# .ldata (SHF_X86_64_LARGE), which GNU ld's script, lld and wild place after .bss: with the default small model, 4.7
# GiB of .data between .text and .bss puts crtbeginS.o's PC32 references to .bss and __TMC_END__ out of range in every
# linker (and a static link fails in any case, on libc.a's PC32 references to _end). main reads each array through
# the GOT (REX_GOTPCRELX), which GNU ld never relaxes to a PC-relative lea for a symbol in a large section; wild did,
# and refused the link when d299 lay beyond 2 GiB of main (fixed with issue 18). Checked by hand: lld links it in 34 s
# here and the program prints 33630; wild links the same generator at 10 objects x 16 MiB (prints 55) and at 300
# objects x 1 MiB (prints 33630, as GNU ld's output does), with .ldata flagged large and the GOT loads kept.
# Objects are compiled once and cached under bench/results/tmp/objects/large-output-g/ (4.7 GiB of them); outputs
# go to /dev/shm like every workload's, so the machine needs about 15 GiB of memory for the inputs' page cache, one
# output and the linker's own.
@{
    Description   = 'generated C: 300 objects x 16 MiB .ldata + 50 functions, `gcc` (PIE), -g -mcmodel=medium; output about 5.0 GiB'
    Driver        = 'gcc'
    Generator     = 'generators/New-LargeData.ps1'
    GeneratorArgs = @{ Objects = 300; ArrayMiB = 16; Functions = 50 }
    CompileArgs   = @('-O1', '-g', '-mcmodel=medium')
    LinkArgs      = @()
}
