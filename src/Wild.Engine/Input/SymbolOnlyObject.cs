// The ELF relocatable object the link writes in memory when an input stands only for symbols: an LTO plugin's
// claimed file (Lto.StubObject) and a --just-symbols image (JustSymbolsObject). Its sections are one empty
// PROGBITS section named by the caller (.lto.ir, .note.GNU-stack), .symtab, .strtab and .shstrtab; the caller
// fills the symbols and their names, this file only lays the object out, so both kinds read the same way.
using System.Buffers.Binary;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

internal readonly struct SymbolOnlyObject
{
    private const int HeaderSize = 64, SymbolSize = 24, SectionHeaderSize = 64, SectionCount = 5;

    /// <summary>The whole object; symbols and names are filled through <see cref="Symbol"/> and <see cref="Name"/>.</summary>
    public byte[] Bytes { get; }
    private readonly int _symtabOffset, _strtabOffset;

    /// <summary>An object for <paramref name="symbolCount"/> symbols (after the null one) whose names take
    /// <paramref name="namesSize"/> bytes with their NULs (the string table's leading NUL not counted); section 1 is
    /// an empty PROGBITS section called <paramref name="firstSection"/>; its e_machine is <paramref name="machine"/>.</summary>
    public SymbolOnlyObject(ReadOnlySpan<byte> firstSection, int symbolCount, int namesSize, ushort machine)
    {
        ReadOnlySpan<byte> tail = "\0.symtab\0.strtab\0.shstrtab\0"u8;
        int shstrtabSize = 1 + firstSection.Length + tail.Length;
        _symtabOffset = HeaderSize;
        int symtabSize = (symbolCount + 1) * SymbolSize;
        _strtabOffset = _symtabOffset + symtabSize;
        int strtabSize = 1 + namesSize;
        int shstrtabOffset = _strtabOffset + strtabSize;
        int shoff = (shstrtabOffset + shstrtabSize + 7) & ~7;
        Bytes = GC.AllocateArray<byte>(shoff + SectionCount * SectionHeaderSize, pinned: true);
        var data = Bytes.AsSpan();
        "\u007fELF"u8.CopyTo(data);
        data[4] = ELFCLASS64;
        data[5] = ELFDATA2LSB;
        data[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(data[16..], ET_REL);
        BinaryPrimitives.WriteUInt16LittleEndian(data[18..], machine);
        BinaryPrimitives.WriteUInt32LittleEndian(data[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(data[40..], (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(data[52..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data[60..], SectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(data[62..], SectionCount - 1);
        // .shstrtab: "\0" first "\0.symtab\0.strtab\0.shstrtab\0".
        var shstrtab = data[shstrtabOffset..];
        firstSection.CopyTo(shstrtab[1..]);
        tail.CopyTo(shstrtab[(1 + firstSection.Length)..]);
        int nameSymtab = 1 + firstSection.Length + 1, nameStrtab = nameSymtab + 8, nameShstrtab = nameStrtab + 8;
        var headers = data[shoff..];
        Section(headers, 1, 1, SHT_PROGBITS, HeaderSize, 0, 0, 0, 1, 0);
        Section(headers, 2, nameSymtab, SHT_SYMTAB, _symtabOffset, symtabSize, 3, 1, 8, SymbolSize);
        Section(headers, 3, nameStrtab, SHT_STRTAB, _strtabOffset, strtabSize, 0, 0, 1, 0);
        Section(headers, 4, nameShstrtab, SHT_STRTAB, shstrtabOffset, shstrtabSize, 0, 0, 1, 0);
    }

    /// <summary>Symbol <paramref name="index"/> (from 1): its name's offset (from <see cref="Name"/>'s running total),
    /// info, other, section index, value and size.</summary>
    public void Symbol(int index, uint name, byte info, byte other, ushort section, ulong value, ulong size)
    {
        var entry = Bytes.AsSpan(_symtabOffset + index * SymbolSize, SymbolSize);
        BinaryPrimitives.WriteUInt32LittleEndian(entry, name);
        entry[4] = info;
        entry[5] = other;
        BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], section);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], value);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], size);
    }

    /// <summary>Copies a name into .strtab at <paramref name="at"/> (start at 1) and returns where the next one goes.</summary>
    public int Name(int at, ReadOnlySpan<byte> name)
    {
        name.CopyTo(Bytes.AsSpan(_strtabOffset + at));
        return at + name.Length + 1;
    }

    private static void Section(Span<byte> headers, int index, int name, uint type, int offset, int size, uint link, uint info,
        ulong align, ulong entrySize)
    {
        var h = headers.Slice(index * SectionHeaderSize, SectionHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(h, (uint)name);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(h[32..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], info);
        BinaryPrimitives.WriteUInt64LittleEndian(h[48..], align);
        BinaryPrimitives.WriteUInt64LittleEndian(h[56..], entrySize);
    }
}
