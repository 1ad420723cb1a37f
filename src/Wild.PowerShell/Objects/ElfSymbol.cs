// One symbol table entry as Get-ElfSymbol emits it: typed fields named like readelf -s, plus the file and
// archive member it came from. Built once per entry with no per-item PSObject; hex is the view's job.
namespace Wild.PowerShell;

public sealed class ElfSymbol
{
    internal ElfSymbol(string file, string? member, int index, string name, ulong value, ulong size, SymbolType type,
        SymbolBinding binding, SymbolVisibility visibility, uint sectionIndex, string section, char nmCode, string? version)
    {
        File = file;
        Member = member;
        Index = index;
        Name = name;
        Value = value;
        Size = size;
        Type = type;
        Binding = binding;
        Visibility = visibility;
        SectionIndex = sectionIndex;
        Section = section;
        NmCode = nmCode;
        Version = version;
    }

    public string File { get; }
    /// <summary>The archive member holding the symbol; null for a plain file.</summary>
    public string? Member { get; }
    /// <summary>The entry's index in its symbol table (readelf's Num).</summary>
    public int Index { get; }
    public string Name { get; }
    public ulong Value { get; }
    public ulong Size { get; }
    public SymbolType Type { get; }
    public SymbolBinding Binding { get; }
    public SymbolVisibility Visibility { get; }
    /// <summary>st_shndx with SHN_XINDEX resolved; 0 when undefined, 0xfff1 absolute, 0xfff2 common.</summary>
    public uint SectionIndex { get; }
    /// <summary>The defining section's name, or UND, ABS or COM for the special indices.</summary>
    public string Section { get; }
    /// <summary>The letter nm shows (T, t, D, B, R, U, W, w, V, v, C, A, i, u, N, ...).</summary>
    public char NmCode { get; }
    /// <summary>The symbol version from .gnu.version_d (dynamic symbols only), e.g. GLIBC_2.2.5.</summary>
    public string? Version { get; }

    public bool IsDefined => SectionIndex != 0;

    public override string ToString() => Name;
}
