// Everything a link needs to know, as given by the `wild` command line or the cmdlets.
// Parsing ld's argument syntax is the CLI's job; this type holds only decided values.
namespace Wild.Engine;

/// <summary>What kind of ELF file the link produces.</summary>
public enum OutputKind
{
    /// <summary>Statically linked, position-dependent executable (ld -static).</summary>
    Static,
    /// <summary>Statically linked position-independent executable (ld -static -pie --no-dynamic-linker).</summary>
    StaticPie,
    /// <summary>Dynamically linked position-independent executable (ld -pie).</summary>
    Pie,
    /// <summary>Dynamically linked position-dependent executable (ld -no-pie).</summary>
    Dynamic,
    /// <summary>Shared object (ld -shared).</summary>
    Shared,
}

/// <summary>How the build-id note is computed.</summary>
public enum BuildIdKind { None, Fast, Md5, Sha1, Uuid, Hex }

/// <summary>One positional item of the input list, in command-line order.</summary>
public abstract record InputSpec
{
    /// <summary>A file named directly (object, archive, shared object or linker script).</summary>
    public sealed record File(string Path, InputModifiers Modifiers) : InputSpec;
    /// <summary>A library by name (-lfoo, or -l:file.a when <see cref="Verbatim"/>).</summary>
    public sealed record Library(string Name, bool Verbatim, InputModifiers Modifiers) : InputSpec;
    /// <summary>--start-group: archives up to the matching end are rescanned until nothing changes.</summary>
    public sealed record GroupStart : InputSpec;
    /// <summary>--end-group.</summary>
    public sealed record GroupEnd : InputSpec;
}

/// <summary>Positional state in force when an input was named.</summary>
public readonly record struct InputModifiers(bool WholeArchive, bool AsNeeded, bool StaticOnly)
{
    public static InputModifiers Default => default;
}

/// <summary>The -z keywords and similar switches that shape the output.</summary>
public sealed record ZOptions
{
    public bool Relro { get; init; } = true;
    public bool Now { get; init; }
    public bool ExecStack { get; init; }
    public bool SeparateCode { get; init; } = true;
    public bool Text { get; init; }
    public ulong MaxPageSize { get; init; } = 0x1000;
}

/// <summary>Decided settings of one link.</summary>
public sealed record LinkOptions
{
    public required string OutputPath { get; init; }
    public OutputKind Kind { get; init; } = OutputKind.Static;
    public IReadOnlyList<InputSpec> Inputs { get; init; } = [];
    public IReadOnlyList<string> LibraryPaths { get; init; } = [];
    /// <summary>Entry symbol; null means the default (_start).</summary>
    public string? Entry { get; init; }
    /// <summary>Symbols to treat as undefined roots (-u).</summary>
    public IReadOnlyList<string> Undefined { get; init; } = [];
    /// <summary>--defsym name=value pairs, value already parsed as a number or a symbol name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> DefSym { get; init; } = [];
    public bool GcSections { get; init; }
    public bool EhFrameHdr { get; init; }
    public BuildIdKind BuildId { get; init; } = BuildIdKind.None;
    /// <summary>Bytes for --build-id=0xHEX.</summary>
    public byte[]? BuildIdBytes { get; init; }
    public string? DynamicLinker { get; init; }
    public bool StripAll { get; init; }
    public bool StripDebug { get; init; }
    public bool ExportDynamic { get; init; }
    public string? SoName { get; init; }
    public IReadOnlyList<string> RPath { get; init; } = [];
    public ZOptions Z { get; init; } = new();
    /// <summary>Worker threads; 0 means one per core.</summary>
    public int Threads { get; init; }
    /// <summary>Print per-phase timings (--time).</summary>
    public bool PrintTimings { get; init; }
    /// <summary>-Map=file: write a link map there.</summary>
    public string? MapFile { get; init; }
    public bool PrintGcSections { get; init; }
    public IReadOnlyList<string> TraceSymbols { get; init; } = [];
    public IReadOnlyList<string> Wrap { get; init; } = [];
}
