// An output section: its name, flags, the input sections (or linker-made contents) it holds, and the
// address and file offset layout gives it. Built by the layout phases (output sections, commons, linker-made
// sections, addresses), then frozen: a change after layout is an internal error.
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal enum SyntheticContent
{
    None, Got, GotPlt, Plt, PltSec, PltGot, RelaPlt, RelaDyn, Dynamic, DynSym, DynStr, GnuHash, EhFrame, EhFrameHdr,
    BuildIdNote, PropertyNote, PackageNote, Comment, SymTab, StrTab, ShStrTab, Interp, SysvHash, VerSym, VerNeed, VerDef, RelrDyn, GdbIndex,
    /// <summary>A .rela&lt;name&gt; section kept by --emit-relocs (KeptRelocations).</summary>
    KeptRela,
}

/// <summary>One input section placed in an output section.</summary>
internal readonly record struct InputSectionRef(FileId File, int Section);

internal sealed class OutputSection
{
    private uint _type, _link, _info, _nameOffset;
    private ulong _flags, _align = 1, _entrySize, _size, _address, _fileOffset;
    private int _headerIndex, _rank;
    private byte[]? _contents;
    private bool _frozen;

    public required string Name { get; init; }
    public uint Type { get => _type; set => Set(ref _type, value); }
    public ulong Flags { get => _flags; set => Set(ref _flags, value); }
    public ulong Align { get => _align; set => Set(ref _align, value); }
    public ulong EntrySize { get => _entrySize; set => Set(ref _entrySize, value); }
    public ulong Size { get => _size; set => Set(ref _size, value); }
    public ulong Address { get => _address; set => Set(ref _address, value); }
    public ulong FileOffset { get => _fileOffset; set => Set(ref _fileOffset, value); }
    public uint Link { get => _link; set => Set(ref _link, value); }
    public uint Info { get => _info; set => Set(ref _info, value); }
    /// <summary>Position of this section in the output's section header table.</summary>
    public int HeaderIndex { get => _headerIndex; set => Set(ref _headerIndex, value); }
    public SyntheticContent Synthetic { get; init; }
    internal uint NameOffset { get => _nameOffset; set => Set(ref _nameOffset, value); }
    internal int Rank { get => _rank; set => Set(ref _rank, value); }
    internal int FirstSeen { get; init; }
    internal List<InputSectionRef> Inputs { get; } = [];
    /// <summary>Bytes of a linker-made section whose contents are known before writing (notes, .comment...).</summary>
    internal byte[]? Contents { get => _contents; set => Set(ref _contents, value); }

    public bool IsAlloc => (Flags & Elf.ElfConstants.SHF_ALLOC) != 0;
    public bool IsNoBits => Type == Elf.ElfConstants.SHT_NOBITS;
    public bool IsTls => (Flags & Elf.ElfConstants.SHF_TLS) != 0;
    public IReadOnlyList<InputSectionRef> InputSections => Inputs;

    /// <summary>Ends the layout phases' work on this section: from here on it only describes the output.</summary>
    internal void Freeze() => _frozen = true;

    private void Set<T>(ref T field, T value)
    {
        if (_frozen)
            throw new InvalidOperationException($"internal error: output section {Name} changed after layout");
        field = value;
    }

    public override string ToString() => Name;
}
