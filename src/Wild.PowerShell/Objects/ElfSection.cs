// One section header as Get-ElfSection emits it: typed fields named like readelf -S, plus the file and
// archive member it came from. Numbers stay numbers; FlagLetters is readelf's key-letter rendering.
// Section types from 0x70000000 up belong to the machine (x86-64's unwind tables and Arm's exception index are
// both 0x70000001), so Type, the enum, is set for them only in x86-64 files; TypeName names them for the others.
namespace Wild.PowerShell;

public sealed class ElfSection
{
    internal ElfSection(string file, string? member, int index, string name, ElfMachine machine, uint type, SectionFlags flags,
        ulong address, ulong offset, ulong size, ulong entrySize, uint link, uint info, ulong alignment)
    {
        File = file;
        Member = member;
        Index = index;
        Name = name;
        TypeNumber = type;
        Type = TypeOf(machine, type);
        TypeName = Type is { } known ? known.ToString() : ProcessorTypeName(machine, type);
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
    /// <summary>sh_type as the enum; empty for a type of the processor-specific range in a file of another machine than x86-64.</summary>
    public SectionType? Type { get; }
    /// <summary>sh_type itself.</summary>
    public uint TypeNumber { get; }
    /// <summary>The type's name: the enum's, or for another machine's own types its name (ArmExidx, RiscVAttributes...),
    /// or the number in hex.</summary>
    public string TypeName { get; }
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

    /// <summary>The enum value of <paramref name="type"/> as it means in a file of <paramref name="machine"/>.</summary>
    internal static SectionType? TypeOf(ElfMachine machine, uint type) =>
        type is >= LoProc and <= HiProc && machine != ElfMachine.X86_64 ? null : (SectionType)type;

    private const uint LoProc = 0x70000000, HiProc = 0x7fffffff;

    private static string ProcessorTypeName(ElfMachine machine, uint type) => (machine, type) switch
    {
        (ElfMachine.Arm, 0x70000001) => "ArmExidx",
        (ElfMachine.Arm, 0x70000002) => "ArmPreemptMap",
        (ElfMachine.Arm, 0x70000003) => "ArmAttributes",
        (ElfMachine.AArch64, 0x70000003) => "AArch64Attributes",
        (ElfMachine.RiscV, 0x70000003) => "RiscVAttributes",
        _ => $"0x{type:x}",
    };

    public override string ToString() => Name;
}
