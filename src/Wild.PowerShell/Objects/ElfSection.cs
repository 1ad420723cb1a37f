// One section header as Get-ElfSection emits it: typed fields named like readelf -S, plus the file and
// archive member it came from. Numbers stay numbers; FlagLetters is readelf's key-letter rendering.
namespace Wild.PowerShell;

public sealed class ElfSection
{
    internal ElfSection(string file, string? member, int index, string name, SectionType type, SectionFlags flags,
        ulong address, ulong offset, ulong size, ulong entrySize, uint link, uint info, ulong alignment)
    {
        File = file;
        Member = member;
        Index = index;
        Name = name;
        Type = type;
        Flags = flags;
        Address = address;
        Offset = offset;
        Size = size;
        EntrySize = entrySize;
        Link = link;
        Info = info;
        Alignment = alignment;
    }

    public string File { get; }
    public string? Member { get; }
    public int Index { get; }
    public string Name { get; }
    public SectionType Type { get; }
    public SectionFlags Flags { get; }
    public ulong Address { get; }
    public ulong Offset { get; }
    public ulong Size { get; }
    public ulong EntrySize { get; }
    public uint Link { get; }
    public uint Info { get; }
    public ulong Alignment { get; }

    /// <summary>readelf's flag letters: W write, A alloc, X execute, M merge, S strings, I info link,
    /// L link order, O OS-specific, G group, T TLS, C compressed, R retain, E exclude.</summary>
    public string FlagLetters
    {
        get
        {
            Span<char> letters = stackalloc char[13];
            int n = 0;
            foreach (var (flag, letter) in Letters)
                if ((Flags & flag) != 0) letters[n++] = letter;
            return new string(letters[..n]);
        }
    }

    private static readonly (SectionFlags, char)[] Letters =
    [
        (SectionFlags.Write, 'W'), (SectionFlags.Alloc, 'A'), (SectionFlags.Execute, 'X'), (SectionFlags.Merge, 'M'),
        (SectionFlags.Strings, 'S'), (SectionFlags.InfoLink, 'I'), (SectionFlags.LinkOrder, 'L'),
        (SectionFlags.OsNonConforming, 'O'), (SectionFlags.Group, 'G'), (SectionFlags.Tls, 'T'),
        (SectionFlags.Compressed, 'C'), (SectionFlags.GnuRetain, 'R'), (SectionFlags.Exclude, 'E'),
    ];

    public override string ToString() => Name;
}
