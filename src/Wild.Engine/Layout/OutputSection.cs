// An output section: its name, flags, the input sections (or linker-made contents) it holds, and the
// address and file offset layout gives it. Built and mutated only inside LayoutBuilder; read-only after.
namespace Wild.Engine.Layout;

public enum SyntheticContent
{
    None, Got, GotPlt, Plt, RelaPlt, RelaDyn, Dynamic, DynSym, DynStr, GnuHash, EhFrame, EhFrameHdr,
    BuildIdNote, PropertyNote, Comment, SymTab, StrTab, ShStrTab, Interp, SysvHash, VerSym, VerNeed, VerDef,
}

/// <summary>One input section placed in an output section.</summary>
public readonly record struct InputSectionRef(int File, int Section);

public sealed class OutputSection
{
    public required string Name { get; init; }
    public uint Type { get; set; }
    public ulong Flags { get; set; }
    public ulong Align { get; set; } = 1;
    public ulong EntrySize { get; set; }
    public ulong Size { get; set; }
    public ulong Address { get; set; }
    public ulong FileOffset { get; set; }
    public uint Link { get; set; }
    public uint Info { get; set; }
    /// <summary>Position of this section in the output's section header table.</summary>
    public int HeaderIndex { get; set; }
    public SyntheticContent Synthetic { get; init; }
    internal uint NameOffset { get; set; }
    internal int Rank { get; set; }
    internal int FirstSeen { get; set; }
    internal List<InputSectionRef> Inputs { get; } = [];
    /// <summary>Bytes of a linker-made section whose contents are known before writing (notes, .comment...).</summary>
    internal byte[]? Contents { get; set; }

    public bool IsAlloc => (Flags & Elf.ElfConstants.SHF_ALLOC) != 0;
    public bool IsNoBits => Type == Elf.ElfConstants.SHT_NOBITS;
    public bool IsTls => (Flags & Elf.ElfConstants.SHF_TLS) != 0;
    public IReadOnlyList<InputSectionRef> InputSections => Inputs;

    public override string ToString() => Name;
}
