// The ELF32 records (Elf32_Ehdr, _Shdr, _Sym, _Rel, _Rela, _Phdr, _Dyn) read as their ELF64 counterparts, so the
// inspection readers (ObjectFile opened for inspection, ProgramHeaderTable, DynamicSection, LinkedImage) show an
// i386 or 32-bit Arm file with the code they use for x86-64. Inspection only: the link takes ELF64 x86-64 inputs.
// Each widening copies a table into a new array (32-bit fields do not fit the 64-bit layouts in place); the
// caller has checked the table's bounds, and everything else (offsets, sizes, indices) is checked by the reader
// after widening, as for an ELF64 file. The two classes differ in field widths, in the order of Elf32_Sym and
// Elf32_Phdr, and in how r_info packs the symbol and type (8 bits of type, not 32).
using System.Buffers.Binary;

namespace Wild.Engine.Elf;

internal static class Elf32Records
{
    public const byte ELFCLASS32 = 1;
    public const int HeaderSize = 52, SectionHeaderSize = 40, SymbolSize = 16, RelSize = 8, RelaSize = 12, ProgramHeaderSize = 32, DynSize = 8;

    /// <summary>Whether <paramref name="file"/> is an ELF32 file (e_ident[EI_CLASS]); the identity is checked elsewhere.</summary>
    public static bool IsElf32(ReadOnlySpan<byte> file) => file.Length > 4 && file[4] == ELFCLASS32;

    /// <summary>The file header of an ELF32 file of at least <see cref="HeaderSize"/> bytes, as an Elf64_Ehdr.</summary>
    public static Elf64Header Header(ReadOnlySpan<byte> file)
    {
        var h = new Elf64Header();
        file[..16].CopyTo(h.Ident);
        h.Type = U16(file, 16);
        h.Machine = U16(file, 18);
        h.Version = U32(file, 20);
        h.Entry = U32(file, 24);
        h.ProgramHeaderOffset = U32(file, 28);
        h.SectionHeaderOffset = U32(file, 32);
        h.Flags = U32(file, 36);
        h.HeaderSize = U16(file, 40);
        h.ProgramHeaderEntrySize = U16(file, 42);
        h.ProgramHeaderCount = U16(file, 44);
        h.SectionHeaderEntrySize = U16(file, 46);
        h.SectionHeaderCount = U16(file, 48);
        h.SectionNameTableIndex = U16(file, 50);
        return h;
    }

    public static Elf64SectionHeader[] SectionHeaders(ReadOnlySpan<byte> table)
    {
        var headers = new Elf64SectionHeader[table.Length / SectionHeaderSize];
        for (int i = 0; i < headers.Length; i++)
        {
            var e = table.Slice(i * SectionHeaderSize, SectionHeaderSize);
            headers[i] = new Elf64SectionHeader
            {
                Name = U32(e, 0), Type = U32(e, 4), Flags = U32(e, 8), Address = U32(e, 12), Offset = U32(e, 16),
                Size = U32(e, 20), Link = U32(e, 24), Info = U32(e, 28), AddressAlign = U32(e, 32), EntrySize = U32(e, 36),
            };
        }
        return headers;
    }

    /// <summary>Elf32_Sym: st_name, st_value, st_size, st_info, st_other, st_shndx (the value and size come first).</summary>
    public static Elf64Symbol[] Symbols(ReadOnlySpan<byte> table)
    {
        var symbols = new Elf64Symbol[table.Length / SymbolSize];
        for (int i = 0; i < symbols.Length; i++)
        {
            var e = table.Slice(i * SymbolSize, SymbolSize);
            symbols[i] = new Elf64Symbol
            {
                Name = U32(e, 0), Value = U32(e, 4), Size = U32(e, 8), Info = e[12], Other = e[13], SectionIndex = U16(e, 14),
            };
        }
        return symbols;
    }

    /// <summary>Elf32_Phdr: p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align (flags come late).</summary>
    public static Elf64ProgramHeader[] ProgramHeaders(ReadOnlySpan<byte> table)
    {
        var headers = new Elf64ProgramHeader[table.Length / ProgramHeaderSize];
        for (int i = 0; i < headers.Length; i++)
        {
            var e = table.Slice(i * ProgramHeaderSize, ProgramHeaderSize);
            headers[i] = new Elf64ProgramHeader
            {
                Type = U32(e, 0), Offset = U32(e, 4), VirtualAddress = U32(e, 8), PhysicalAddress = U32(e, 12),
                FileSize = U32(e, 16), MemorySize = U32(e, 20), Flags = U32(e, 24), Align = U32(e, 28),
            };
        }
        return headers;
    }

    /// <summary>Elf32_Dyn: d_tag is signed (Elf32_Sword), d_val unsigned.</summary>
    public static Elf64Dyn[] Dynamic(ReadOnlySpan<byte> table)
    {
        var entries = new Elf64Dyn[table.Length / DynSize];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = new Elf64Dyn { Tag = BinaryPrimitives.ReadInt32LittleEndian(table[(i * DynSize)..]), Value = U32(table, i * DynSize + 4) };
        return entries;
    }

    /// <summary>Elf32_Rel (no addend: it is in the patched bytes, and is left 0 here) or Elf32_Rela; r_info holds the
    /// symbol in its high 24 bits and the type in its low 8.</summary>
    public static Elf64Rela[] Relocations(ReadOnlySpan<byte> table, bool withAddend)
    {
        int size = withAddend ? RelaSize : RelSize;
        var entries = new Elf64Rela[table.Length / size];
        for (int i = 0; i < entries.Length; i++)
        {
            var e = table.Slice(i * size, size);
            uint info = U32(e, 4);
            entries[i] = new Elf64Rela
            {
                Offset = U32(e, 0),
                Info = Elf64Rela.MakeInfo(info >> 8, info & 0xff),
                Addend = withAddend ? BinaryPrimitives.ReadInt32LittleEndian(e[8..]) : 0,
            };
        }
        return entries;
    }

    /// <summary>Elf64_Rel (a RELA entry without its addend, which x86-64 never uses but other ELF64 machines may), as Elf64_Rela.</summary>
    public static Elf64Rela[] Elf64Rel(ReadOnlySpan<byte> table)
    {
        var entries = new Elf64Rela[table.Length / 16];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = new Elf64Rela
            {
                Offset = BinaryPrimitives.ReadUInt64LittleEndian(table[(i * 16)..]),
                Info = BinaryPrimitives.ReadUInt64LittleEndian(table[(i * 16 + 8)..]),
            };
        return entries;
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
}
