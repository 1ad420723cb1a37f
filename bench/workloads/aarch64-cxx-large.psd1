# AArch64: a large generated C++ program (generators/New-CxxProgram.ps1: 60 files x 40 class templates, each file
# instantiating the same libstdc++ map/string/vector templates, with vtables, typeinfo and exceptions) cross-compiled
# with aarch64-linux-gnu-g++ and linked `-static` against the cross libstdc++.a; outputs run under qemu-aarch64.
@{
    Description   = 'AArch64 generated C++: 60 objects x 40 class templates (std::map, std::string, virtual calls, exceptions), `aarch64-linux-gnu-g++ -static`'
    Driver        = 'aarch64-linux-gnu-g++'
    Machine       = 'aarch64'
    Generator     = 'generators/New-CxxProgram.ps1'
    GeneratorArgs = @{ Objects = 60; Classes = 40 }
    CompileArgs   = @('-O2')
    LinkArgs      = @('-static')
    Requires      = @{ Command = 'qemu-aarch64'; Packages = @('g++-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'qemu-user') }
}
