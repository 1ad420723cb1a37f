// --just-symbols=FILE (and -R FILE): FILE's defined global and weak symbols join the link as absolute symbols at
// their values there (a ROM image's or a previously linked program's addresses), and nothing else of FILE does. Read
// here into a relocatable object written in memory whose symbol table holds those symbols with SHN_ABS, so that
// resolution and relocation treat them as any object's absolute definitions; FILE's sections are never placed.
using System.Buffers.Binary;
using Wild.Engine.Diagnostics;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

internal static class JustSymbolsObject
{
    private const int SymbolSize = 24, SectionHeaderSize = 64;

    /// <summary>The in-memory object standing for <paramref name="file"/>: its .symtab's definitions (its .dynsym's
    /// when it has no .symtab, as a stripped shared object), locals, section and file symbols left out.</summary>
    public static MappedFile Build(MappedFile file, string path)
    {
        var data = file.Span;
        ElfIdentity.Check(data, path);
        // Ranges, not spans: a span cannot be a tuple element.
        var (symtabRange, strtabRange) = FindSymbolTable(data, path);
        var symtab = data.Slice(symtabRange.Offset, symtabRange.Size);
        var strtab = data.Slice(strtabRange.Offset, strtabRange.Size);
        var symbols = new List<(int Name, int NameLength, byte Info, ulong Value, ulong Size)>();
        int strtabSize = 1;
        for (int i = 1; i < symtab.Length / SymbolSize; i++)
        {
            var entry = symtab.Slice(i * SymbolSize, SymbolSize);
            byte info = entry[4];
            int bind = info >> 4, type = info & 0xf;
            ushort shndx = BinaryPrimitives.ReadUInt16LittleEndian(entry[6..]);
            if (bind is not (STB_GLOBAL or STB_WEAK or STB_GNU_UNIQUE) || shndx is SHN_UNDEF or SHN_COMMON) continue;
            if (type is STT_SECTION or STT_FILE) continue;
            int name = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(entry));
            if (name >= strtab.Length) throw Malformed(path, $"symbol {i} has a name outside the string table");
            int length = strtab[name..].IndexOf((byte)0);
            if (length < 0) throw Malformed(path, $"symbol {i}'s name is not terminated");
            if (type == STT_TLS)
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{path}: --just-symbols: {System.Text.Encoding.UTF8.GetString(strtab.Slice(name, length))} is a TLS symbol, which has no absolute address", path);
            // GNU_UNIQUE and IFUNC mean something only to the object that defines the code.
            byte outType = type == STT_GNU_IFUNC ? STT_FUNC : (byte)type;
            byte outBind = bind == STB_WEAK ? STB_WEAK : STB_GLOBAL;
            symbols.Add((name, length, (byte)(outBind << 4 | outType), BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(entry[16..])));
            strtabSize += length + 1;
        }

        // An empty .note.GNU-stack: the file brings no code, so it must not make the stack executable.
        // The image's machine: an AArch64 ROM's symbols belong in an AArch64 link.
        var obj = new SymbolOnlyObject(".note.GNU-stack"u8, symbols.Count, strtabSize - 1, BinaryPrimitives.ReadUInt16LittleEndian(data[18..]));
        int nameAt = 1;
        for (int i = 0; i < symbols.Count; i++)
        {
            var (name, length, info, value, size) = symbols[i];
            int at = nameAt;
            nameAt = obj.Name(at, strtab.Slice(name, length));
            obj.Symbol(i + 1, (uint)at, info, STV_DEFAULT, SHN_ABS, value, size);
        }
        var bytes = obj.Bytes;
        return MappedFile.InMemory(path, bytes);
    }

    private static ((int Offset, int Size) Symtab, (int Offset, int Size) Strtab) FindSymbolTable(ReadOnlySpan<byte> data, string path)
    {
        ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(data[40..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[60..]);
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(data[58..]);
        if (shoff == 0 || count == 0) throw Malformed(path, "it has no section headers, so no symbol table");
        if (entrySize != SectionHeaderSize || shoff > (ulong)data.Length || (ulong)data.Length - shoff < (ulong)(count * SectionHeaderSize))
            throw Malformed(path, "its section header table lies outside the file");
        var headers = data.Slice((int)shoff, count * SectionHeaderSize);
        int found = -1;
        foreach (uint wanted in (uint[])[SHT_SYMTAB, SHT_DYNSYM])
        {
            for (int i = 0; i < count && found < 0; i++)
                if (BinaryPrimitives.ReadUInt32LittleEndian(headers[(i * SectionHeaderSize + 4)..]) == wanted) found = i;
            if (found >= 0) break;
        }
        if (found < 0)
            throw new LinkException(ErrorId.UnsupportedInput, $"{path}: --just-symbols: the file has no symbol table (.symtab or .dynsym)", path);
        var symtab = Contents(data, headers, found, path);
        uint link = BinaryPrimitives.ReadUInt32LittleEndian(headers[(found * SectionHeaderSize + 40)..]);
        if (link == 0 || link >= count) throw Malformed(path, "its symbol table links to no string table");
        return (symtab, Contents(data, headers, (int)link, path));
    }

    private static (int Offset, int Size) Contents(ReadOnlySpan<byte> data, ReadOnlySpan<byte> headers, int index, string path)
    {
        var h = headers.Slice(index * SectionHeaderSize, SectionHeaderSize);
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), size = BinaryPrimitives.ReadUInt64LittleEndian(h[32..]);
        if (offset > (ulong)data.Length || (ulong)data.Length - offset < size) throw Malformed(path, $"section {index} lies outside the file");
        return ((int)offset, (int)size);
    }

    private static LinkException Malformed(string path, string why) =>
        new(ErrorId.MalformedElf, $"{path}: --just-symbols: malformed ELF file: {why}", path);
}
