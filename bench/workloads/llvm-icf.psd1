# The llvm workload (same sources, flags and cached objects) with identical code folding: every linker but GNU ld
# (which has no ICF; it stays the reference, linked without it) gets --icf=all appended. gold, lld, mold and wild
# all fold; the output must still behave as GNU ld's. Needs what llvm needs (llvm-19-dev, libpolly-19-dev, libzstd-dev).
@{
    Description        = 'the `llvm` link with `--icf=all` (GNU ld, which has no ICF, is the unfolded reference)'
    Driver             = 'g++'
    Sources            = @('sources/llvm-ir.cpp')
    CompileArgs        = @('-O2')
    CompileArgsCommand = @('llvm-config-19', '--cxxflags')
    LinkArgs           = @()
    LibraryArgsCommand = @('llvm-config-19', '--link-static', '--ldflags', '--libs', 'all', '--system-libs')
    Requires           = @{ Command = 'llvm-config-19'; Packages = @('llvm-19-dev', 'libpolly-19-dev', 'libzstd-dev') }
    PeerLinkArgs       = @('--icf=all')
}
