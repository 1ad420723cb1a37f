// One input debug section seen with its relocations applied the way the output will see them: a value an object
// file leaves to a relocation (an address in DW_AT_low_pc or a range list, an offset into .debug_rnglists or
// .debug_info) is read as the input section it points into plus an offset there. The .gdb_index readers use it;
// turning such a value into an output address is the writer's, once addresses exist (GdbIndex.Write).
using System.Buffers.Binary;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Resolution;

namespace Wild.Engine.Layout;

/// <summary>A value read from a debug section: <see cref="Value"/> bytes into input section
/// <see cref="Section"/> of file <see cref="File"/>, or a plain number when <see cref="Section"/> is 0 (no
/// relocation, or one against an undefined or absolute symbol).</summary>
internal readonly record struct DwarfValue(FileId File, int Section, ulong Value)
{
    public bool InSection => Section > 0;
    public DwarfValue Plus(ulong delta) => this with { Value = Value + delta };
}

internal readonly ref struct RelocatedSection
{
    private readonly SymbolResolution _res;
    private readonly FileId _file;
    private readonly ReadOnlySpan<Elf64Rela> _relocs;
    private readonly bool _sorted;

    public RelocatedSection(SymbolResolution res, FileId file, int section, int rela)
        : this(res, file, section, rela, wide: false)
    {
    }

    /// <summary>With <paramref name="wide"/>, the section's bytes are left empty: a section of 2 GiB or more is read
    /// through <see cref="Window"/>s.</summary>
    public RelocatedSection(SymbolResolution res, FileId file, int section, int rela, bool wide)
    {
        _res = res;
        _file = file;
        _section = section;
        var obj = res.Objects[file];
        Bytes = section > 0 && !wide ? obj.SectionContents(section) : default;
        _relocs = rela > 0 ? obj.Relocations(rela) : default;
        // Assemblers write relocations in offset order; a section that does not is searched linearly.
        bool sorted = true;
        for (int i = 1; i < _relocs.Length && sorted; i++) sorted = _relocs[i - 1].Offset <= _relocs[i].Offset;
        _sorted = sorted;
    }

    private RelocatedSection(SymbolResolution res, FileId file, int section, ReadOnlySpan<Elf64Rela> relocs, bool sorted, ulong start, int length)
    {
        _res = res;
        _file = file;
        _section = section;
        _relocs = relocs;
        _sorted = sorted;
        Base = start;
        Bytes = res.Objects[file].SectionWindow(section, start, length);
    }

    private readonly int _section;

    /// <summary>Bytes [<paramref name="start"/>, + <paramref name="length"/>) of the section (of any size), read
    /// with its relocations: offsets given to <see cref="Read"/> are then relative to <paramref name="start"/>.</summary>
    public RelocatedSection Window(ulong start, int length) => new(_res, _file, _section, _relocs, _sorted, start, length);

    /// <summary>The section offset of <see cref="Bytes"/>' first byte (0 but for a <see cref="Window"/>).</summary>
    public ulong Base { get; }
    public ReadOnlySpan<byte> Bytes { get; }
    public bool IsEmpty => Bytes.IsEmpty;

    /// <summary>The <paramref name="size"/>-byte value at <paramref name="offset"/>, relocated.</summary>
    public DwarfValue Read(int offset, int size)
    {
        if (offset < 0 || size > Bytes.Length - offset)
            throw new FormatException($"reading {size} bytes at offset 0x{Base + (ulong)offset:x} runs past the section's end (0x{Base + (ulong)Bytes.Length:x})");
        int r = Find(Base + (ulong)offset);
        if (r < 0)
        {
            var raw = Bytes.Slice(offset, size);
            ulong v = size switch
            {
                1 => raw[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(raw),
                3 => BinaryPrimitives.ReadUInt16LittleEndian(raw) | ((ulong)raw[2] << 16),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(raw),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(raw),
            };
            return new DwarfValue(_file, 0, v);
        }
        // RELA: the stored bytes are not part of the value; S + A is.
        ref readonly var rel = ref _relocs[r];
        var obj = _res.Objects[_file];
        int symbol = (int)rel.SymbolIndex;
        if (symbol == 0) return new DwarfValue(_file, 0, (ulong)rel.Addend);
        if (symbol < obj.FirstGlobal)
        {
            int sec = obj.SymbolSection(symbol);
            ulong value = obj.Symbols[symbol].Value + (ulong)rel.Addend;
            return sec > 0 ? new DwarfValue(_file, sec, value) : new DwarfValue(_file, 0, value);
        }
        var (df, ds) = SectionMap.TargetSection(_res, _file, symbol);
        if (ds == 0) return new DwarfValue(_file, 0, (ulong)rel.Addend);
        var def = _res.Resolve(_file, symbol);
        ulong at = _res.Objects[df].Symbols[def.Value - _res.Db.FirstSymbol(df)].Value;
        return new DwarfValue(df, ds, at + (ulong)rel.Addend);
    }

    /// <summary>Whether a relocation applies at <paramref name="offset"/>.</summary>
    public bool IsRelocated(int offset) => Find(Base + (ulong)offset) >= 0;

    private int Find(ulong offset)
    {
        if (!_sorted)
        {
            for (int i = 0; i < _relocs.Length; i++)
                if (_relocs[i].Offset == offset && _relocs[i].Type != RelocationType.R_X86_64_NONE) return i;
            return -1;
        }
        int lo = 0, hi = _relocs.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_relocs[mid].Offset < offset) lo = mid + 1; else hi = mid;
        }
        for (; lo < _relocs.Length && _relocs[lo].Offset == offset; lo++)
            if (_relocs[lo].Type != RelocationType.R_X86_64_NONE) return lo;
        return -1;
    }
}
