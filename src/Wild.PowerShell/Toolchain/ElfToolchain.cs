// What a link needs from the C toolchain for one output kind, as Get-ElfToolchain reports it: the start and end
// files gcc (or clang) would put around the objects, the library folders it searches and the libraries it adds,
// named the way Read-ElfObject and Resolve-ElfSymbol take them.
using Wild.Engine;

namespace Wild.PowerShell;

public sealed class ElfToolchain
{
    internal ElfToolchain(string compiler, string version, OutputKind kind, string[] startFiles, string[] endFiles,
        string[] libraryPath, string[] library, string? dynamicLinker)
    {
        Compiler = compiler;
        Version = version;
        OutputKind = kind;
        StartFiles = startFiles;
        EndFiles = endFiles;
        LibraryPath = libraryPath;
        Library = library;
        DynamicLinker = dynamicLinker;
    }

    /// <summary>The compiler driver asked (its full path).</summary>
    public string Compiler { get; }
    /// <summary>What `compiler -dumpfullversion` (or the first line of --version) says.</summary>
    public string Version { get; }
    public OutputKind OutputKind { get; }
    /// <summary>The files that go before the program's objects, in link order (crt1.o, crti.o, crtbeginT.o ...).</summary>
    public string[] StartFiles { get; }
    /// <summary>The files that go after the program's objects and libraries (crtend.o, crtn.o ...).</summary>
    public string[] EndFiles { get; }
    /// <summary>The compiler's library search folders, for Resolve-ElfSymbol -LibraryPath.</summary>
    public string[] LibraryPath { get; }
    /// <summary>The libraries the compiler adds for this kind, for Resolve-ElfSymbol -Library.</summary>
    public string[] Library { get; }
    /// <summary>The program interpreter of dynamic kinds (PT_INTERP); null for static ones.</summary>
    public string? DynamicLinker { get; }

    public override string ToString() => $"{System.IO.Path.GetFileName(Compiler)} {Version} ({OutputKind})";
}
