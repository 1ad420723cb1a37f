// One symbol table entry as Get-ElfSymbol emits it: typed fields named like readelf -s, plus the file and
// archive member it came from. Built once per entry with no per-item PSObject; hex is the view's job.
// DemangledName is worked out on first use, so listing libc.a costs nothing for names nobody looks at.
using Wild.Engine.Inspection;

namespace Wild.PowerShell;

public sealed class ElfSymbol
{
    internal ElfSymbol(string file, string? member, int index, string name, ulong value, ulong size, SymbolType type,
        SymbolBinding binding, SymbolVisibility visibility, uint sectionIndex, string section, char nmCode, SymbolVersion? version,
        bool demangle)
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
        Version = version?.Name;
        VersionIsHidden = version?.IsHidden ?? false;
        VersionLibrary = version?.File;
        // The symbol a version definition makes for itself (ABS, named like the version) reads as the bare name,
        // as readelf writes it: GLIBC_2.2.5, not GLIBC_2.2.5@@GLIBC_2.2.5.
        _suffix = version is { } v && !(v.Name == name && sectionIndex == 0xfff1) ? v.Suffix : null;
        ShowDemangled = demangle;
    }

    private readonly string? _suffix;
    private string? _demangled;
    private bool _demangledKnown;

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
    /// <summary>The symbol version (dynamic symbols only): defined here (.gnu.version_d) or needed from
    /// <see cref="VersionLibrary"/> (.gnu.version_r), e.g. GLIBC_2.2.5.</summary>
    public string? Version { get; }
    /// <summary>A hidden version (name@VER, not the default name@@VER); a needed version is always shown with one @.</summary>
    public bool VersionIsHidden { get; }
    /// <summary>For an imported symbol, the library its version is needed from (libc.so.6); null for definitions.</summary>
    public string? VersionLibrary { get; }
    /// <summary>The name as readelf -s --dyn-syms writes it: getenv@GLIBC_2.2.5 (needed or hidden), puts@@VERS_1 (default).</summary>
    public string VersionedName => _suffix is null ? Name : Name + _suffix;

    /// <summary>The C++ or Rust name the mangled Name stands for; null when Name is not mangled.</summary>
    public string? DemangledName
    {
        get
        {
            if (!_demangledKnown)
            {
                _demangled = SymbolDemangler.Demangle(Name);
                _demangledKnown = true;
            }
            return _demangled;
        }
    }

    /// <summary>True when Get-ElfSymbol ran with -Demangle: the default view then shows DemangledName.</summary>
    public bool ShowDemangled { get; }

    /// <summary>What the default view shows: the demangled name under -Demangle, with the version suffix.</summary>
    public string DisplayName => (ShowDemangled ? DemangledName ?? Name : Name) + _suffix;

    public bool IsDefined => SectionIndex != 0;

    public override string ToString() => Name;
}
