// One program header as Get-ElfSegment emits it: typed fields named like readelf -l, plus the names of
// the sections the segment holds (readelf's section-to-segment mapping).
namespace Wild.PowerShell;

public sealed class ElfSegment
{
    internal ElfSegment(string file, int index, SegmentType type, SegmentFlags flags, ulong offset, ulong virtualAddress,
        ulong physicalAddress, ulong fileSize, ulong memorySize, ulong alignment, string[] sections, string? interpreter)
    {
        File = file;
        Index = index;
        Type = type;
        Flags = flags;
        Offset = offset;
        VirtualAddress = virtualAddress;
        PhysicalAddress = physicalAddress;
        FileSize = fileSize;
        MemorySize = memorySize;
        Alignment = alignment;
        Sections = sections;
        Interpreter = interpreter;
    }

    public string File { get; }
    public int Index { get; }
    public SegmentType Type { get; }
    public SegmentFlags Flags { get; }
    public ulong Offset { get; }
    public ulong VirtualAddress { get; }
    public ulong PhysicalAddress { get; }
    public ulong FileSize { get; }
    public ulong MemorySize { get; }
    public ulong Alignment { get; }
    /// <summary>Names of the sections inside the segment, in section-header order.</summary>
    public string[] Sections { get; }
    /// <summary>The program interpreter a PT_INTERP names; null for other segments.</summary>
    public string? Interpreter { get; }

    /// <summary>readelf's "RWE" rendering of the permissions.</summary>
    public string FlagLetters => string.Concat(
        (Flags & SegmentFlags.Read) != 0 ? "R" : " ",
        (Flags & SegmentFlags.Write) != 0 ? "W" : " ",
        (Flags & SegmentFlags.Execute) != 0 ? "E" : " ");

    public override string ToString() => $"{Type} 0x{VirtualAddress:x}";
}
