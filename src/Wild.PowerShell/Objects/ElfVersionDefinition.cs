// One version a shared object defines (.gnu.version_d), as Get-ElfVersionDefinition emits it: its index,
// name, parents, and whether it is the base version (the file's own soname).
namespace Wild.PowerShell;

public sealed class ElfVersionDefinition
{
    internal ElfVersionDefinition(string file, int index, string version, bool isBase, bool isWeak, uint hash, string[] parents)
    {
        File = file;
        Index = index;
        Version = version;
        IsBase = isBase;
        IsWeak = isWeak;
        Hash = hash;
        Parents = parents;
    }

    public string File { get; }
    public int Index { get; }
    public string Version { get; }
    /// <summary>VER_FLG_BASE: the file's own name, not a version symbols are bound to.</summary>
    public bool IsBase { get; }
    public bool IsWeak { get; }
    public uint Hash { get; }
    /// <summary>The versions this one inherits from (a version script's `VERS_2 { ... } VERS_1;`).</summary>
    public string[] Parents { get; }

    public override string ToString() => Version;
}
