// A claimed LTO input as the rest of the link sees it: an ELF relocatable object written in memory whose
// symbol table holds exactly the symbols the plugin added for the file, in the plugin's order (symbol i+1 is
// the plugin's symbol i), and no code. Indexing and resolution then treat IR files like any object, archive
// rules included, with no second path through them. The stubs never reach layout: after the plugin has
// compiled the IR, the link is resolved again with its objects instead (LtoInputSet).
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Lto;

internal static unsafe class StubObject
{
    private const int HeaderSize = 64, SymbolSize = 24, SectionHeaderSize = 64, SectionCount = 5;
    // Section 1 holds every definition; it has no bytes, since nothing of it is ever placed.
    private static ReadOnlySpan<byte> SectionNames => "\0.lto.ir\0.symtab\0.strtab\0.shstrtab\0"u8;
    private const int NameIr = 1, NameSymtab = 9, NameStrtab = 17, NameShstrtab = 25;

    /// <summary>The one section a stub's definitions are in: nothing a diagnostic should point at.</summary>
    public static ReadOnlySpan<byte> IrSectionName => ".lto.ir"u8;

    private static readonly MappedFile s_empty = MappedFile.InMemory("(no symbols)", Build([]));

    /// <summary>An object with no symbols and no sections to place: what a claimed file becomes once the plugin's
    /// output has replaced it, and a bitcode input before the plugin has claimed it.</summary>
    public static ObjectFile Empty(string displayName, Archive? archive) =>
        new(s_empty, 0, s_empty.Length, displayName, archive);

    /// <summary>The stub object of a claimed file with the plugin's <paramref name="symbols"/>.</summary>
    public static ObjectFile For(ReadOnlySpan<PluginSymbol> symbols, string displayName, Archive? archive)
    {
        var file = MappedFile.InMemory(displayName, Build(symbols));
        return new ObjectFile(file, 0, file.Length, displayName, archive);
    }

    private static byte[] Build(ReadOnlySpan<PluginSymbol> symbols)
    {
        int strtabSize = 1;
        foreach (ref readonly var s in symbols)
            strtabSize += CStringLength(s.Name) + 1;
        int symtabOffset = HeaderSize;
        int symtabSize = (symbols.Length + 1) * SymbolSize;
        int strtabOffset = symtabOffset + symtabSize;
        int shstrtabOffset = strtabOffset + strtabSize;
        int shoff = (shstrtabOffset + SectionNames.Length + 7) & ~7;
        var bytes = GC.AllocateArray<byte>(shoff + SectionCount * SectionHeaderSize, pinned: true);
        var data = bytes.AsSpan();

        "\u007fELF"u8.CopyTo(data);
        data[4] = ELFCLASS64;
        data[5] = ELFDATA2LSB;
        data[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(data[16..], ET_REL);
        BinaryPrimitives.WriteUInt16LittleEndian(data[18..], EM_X86_64);
        BinaryPrimitives.WriteUInt32LittleEndian(data[20..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(data[40..], (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(data[52..], HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data[58..], SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(data[60..], SectionCount);
        BinaryPrimitives.WriteUInt16LittleEndian(data[62..], SectionCount - 1);

        int name = 1;
        for (int i = 0; i < symbols.Length; i++)
        {
            ref readonly var s = ref symbols[i];
            var entry = data.Slice(symtabOffset + (i + 1) * SymbolSize, SymbolSize);
            var text = new ReadOnlySpan<byte>(s.Name, CStringLength(s.Name));
            text.CopyTo(data[(strtabOffset + name)..]);
            BinaryPrimitives.WriteUInt32LittleEndian(entry, (uint)name);
            name += text.Length + 1;
            bool weak = s.Def is PluginAbi.LDPK_WEAKDEF or PluginAbi.LDPK_WEAKUNDEF;
            byte type = s.Def == PluginAbi.LDPK_COMMON || s.SymbolType == PluginAbi.LDST_VARIABLE ? STT_OBJECT
                : s.SymbolType == PluginAbi.LDST_FUNCTION ? STT_FUNC : STT_NOTYPE;
            entry[4] = (byte)((weak ? STB_WEAK : STB_GLOBAL) << 4 | type);
            entry[5] = s.Visibility switch
            {
                PluginAbi.LDPV_PROTECTED => STV_PROTECTED,
                PluginAbi.LDPV_INTERNAL => STV_INTERNAL,
                PluginAbi.LDPV_HIDDEN => STV_HIDDEN,
                _ => STV_DEFAULT,
            };
            ushort shndx = s.Def switch
            {
                PluginAbi.LDPK_UNDEF or PluginAbi.LDPK_WEAKUNDEF => SHN_UNDEF,
                PluginAbi.LDPK_COMMON => SHN_COMMON,
                _ => 1,
            };
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], shndx);
            // A common's st_value is its alignment, which the plugin does not give; resolution only compares sizes.
            BinaryPrimitives.WriteUInt64LittleEndian(entry[8..], shndx == SHN_COMMON ? 1UL : 0UL);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[16..], s.Size);
        }
        SectionNames.CopyTo(data[shstrtabOffset..]);

        var headers = data[shoff..];
        Section(headers, 1, NameIr, SHT_PROGBITS, HeaderSize, 0, 0, 0, 1, 0);
        Section(headers, 2, NameSymtab, SHT_SYMTAB, symtabOffset, symtabSize, 3, 1, 8, SymbolSize);
        Section(headers, 3, NameStrtab, SHT_STRTAB, strtabOffset, strtabSize, 0, 0, 1, 0);
        Section(headers, 4, NameShstrtab, SHT_STRTAB, shstrtabOffset, SectionNames.Length, 0, 0, 1, 0);
        return bytes;
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

    internal static int CStringLength(byte* s) => s == null ? 0 : MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s).Length;
}
