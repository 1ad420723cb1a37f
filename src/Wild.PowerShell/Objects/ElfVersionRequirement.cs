// One version a linked file needs from a library (.gnu.version_r), as Get-ElfVersionRequirement emits it:
// the library's DT_NEEDED name and the version, e.g. libc.so.6 GLIBC_2.34 ("which glibc does this need?").
namespace Wild.PowerShell;

public sealed class ElfVersionRequirement
{
    internal ElfVersionRequirement(string file, string library, string version, int index, bool isWeak, uint hash)
    {
        File = file;
        Library = library;
        Version = version;
        Index = index;
        IsWeak = isWeak;
        Hash = hash;
    }

    public string File { get; }
    /// <summary>The library the version is needed from, as DT_NEEDED names it.</summary>
    public string Library { get; }
    public string Version { get; }
    /// <summary>The version index .gnu.version uses for symbols bound to this version.</summary>
    public int Index { get; }
    /// <summary>VER_FLG_WEAK: the program loads without it.</summary>
    public bool IsWeak { get; }
    public uint Hash { get; }

    public override string ToString() => $"{Library} {Version}";
}
