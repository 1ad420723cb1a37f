// A linked ELF file (executable or shared object) of any machine and either class, read whole for inspection:
// header, program headers, section headers, symbols of .symtab and .dynsym, dynamic entries and relocations, as
// plain records (an ELF32 file's through Elf/Elf32Records).
// For the size report and the structural diff, which run only when asked, so it copies freely; the link
// itself never reads its inputs this way (see Input/ObjectFile.cs for the zero-copy reader).
using System.Runtime.InteropServices;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Reports;

public sealed record ImageSection(int Index, string Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size,
    ulong EntrySize, ulong Align, uint Link, uint Info)
{
    public bool IsAlloc => (Flags & SHF_ALLOC) != 0;
    public bool IsNoBits => Type == SHT_NOBITS;
    /// <summary>Bytes the section occupies in the file (0 for NOBITS).</summary>
    public ulong FileSize => IsNoBits ? 0 : Size;
}

public sealed record ImageSegment(int Index, uint Type, uint Flags, ulong Offset, ulong VirtualAddress, ulong FileSize, ulong MemorySize, ulong Align);

public sealed record ImageSymbol(string Table, string Name, ulong Value, ulong Size, byte Type, byte Binding, byte Visibility, string? Section);

/// <summary>A dynamic entry; <see cref="Text"/> holds the string for the tags that name one (NEEDED, SONAME, RPATH, RUNPATH...).</summary>
public sealed record ImageDynamicEntry(long Tag, ulong Value, string? Text);

public sealed record ImageRelocation(string Section, ulong Offset, uint Type, string? Symbol, long Addend);

public sealed class LinkedImage
{
    private LinkedImage(string path, Elf64Header header, ulong length)
    {
        Path = path;
        Type = header.Type;
        Machine = header.Machine;
        Entry = header.Entry;
        Flags = header.Flags;
        FileLength = length;
        HeaderBytes = header.HeaderSize
                      + (ulong)header.ProgramHeaderCount * header.ProgramHeaderEntrySize
                      + (ulong)header.SectionHeaderCount * header.SectionHeaderEntrySize;
    }

    public string Path { get; }
    public ushort Type { get; }
    public ushort Machine { get; }
    public ulong Entry { get; }
    public uint Flags { get; }
    public ulong FileLength { get; }
    /// <summary>ELF header, program header table and section header table together.</summary>
    public ulong HeaderBytes { get; }
    public IReadOnlyList<ImageSegment> Segments { get; private set; } = [];
    public IReadOnlyList<ImageSection> Sections { get; private set; } = [];
    public IReadOnlyList<ImageSymbol> Symbols { get; private set; } = [];
    public IReadOnlyList<ImageDynamicEntry> DynamicEntries { get; private set; } = [];
    public IReadOnlyList<ImageRelocation> Relocations { get; private set; } = [];

    public static LinkedImage Read(string path)
    {
        byte[] data;
        try { data = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {path}: {e.Message}", path, e);
        }
        if (Input.ElfIdentity.Classify(data) != Input.InputKind.Elf)
            throw new LinkException(ErrorId.NotElf, $"{path}: file format not recognized (not an ELF file)", path);
        Input.ElfIdentity.Check(data, path, anyMachine: true);
        try
        {
            return Parse(path, data);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            throw new LinkException(ErrorId.MalformedElf, $"{path}: malformed ELF file: a header or table is beyond the end of the file", path, e);
        }
    }

    private static LinkedImage Parse(string path, byte[] data)
    {
        bool elf32 = Elf32Records.IsElf32(data);
        var header = elf32 ? Elf32Records.Header(data) : MemoryMarshal.Read<Elf64Header>(data);
        if (header.Type is not (ET_EXEC or ET_DYN))
            throw new LinkException(ErrorId.UnsupportedFileType,
                $"{path}: not a linked executable or shared object (ELF type {header.Type})", path);
        var image = new LinkedImage(path, header, (ulong)data.Length);

        // The inspection cmdlets' reader: the same bounds checks and PN_XNUM handling.
        var programHeaders = Input.ProgramHeaderTable.Read(data, path);
        var segments = new List<ImageSegment>(programHeaders.Length);
        for (int i = 0; i < programHeaders.Length; i++)
        {
            ref readonly var p = ref programHeaders[i];
            segments.Add(new ImageSegment(i, p.Type, p.Flags, p.Offset, p.VirtualAddress, p.FileSize, p.MemorySize, p.Align));
        }
        image.Segments = segments;

        var table = header.SectionHeaderOffset == 0 ? default
            : data.AsSpan(checked((int)header.SectionHeaderOffset), header.SectionHeaderCount * header.SectionHeaderEntrySize);
        var headers = elf32 ? Elf32Records.SectionHeaders(table) : MemoryMarshal.Cast<byte, Elf64SectionHeader>(table).ToArray();
        ReadOnlySpan<byte> Bytes(in Elf64SectionHeader h) =>
            h.Type == SHT_NOBITS ? default : data.AsSpan(checked((int)h.Offset), checked((int)h.Size));
        string Str(int table, uint offset)
        {
            if (table <= 0 || table >= headers.Length) return "";
            var s = Bytes(headers[table]);
            if (offset >= s.Length) return "";
            s = s[(int)offset..];
            int end = s.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? s : s[..end]);
        }

        var sections = new List<ImageSection>();
        for (int i = 1; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            sections.Add(new ImageSection(i, Str(header.SectionNameTableIndex, h.Name), h.Type, h.Flags, h.Address, h.Offset, h.Size,
                h.EntrySize, h.AddressAlign, h.Link, h.Info));
        }
        image.Sections = sections;
        string? SectionName(int index) => index > 0 && index < headers.Length ? sections[index - 1].Name : null;

        var symbols = new List<ImageSymbol>();
        var tables = new Dictionary<int, List<string>>();
        for (int i = 1; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            if (h.Type is not (SHT_SYMTAB or SHT_DYNSYM)) continue;
            var syms = elf32 ? Elf32Records.Symbols(Bytes(h)) : MemoryMarshal.Cast<byte, Elf64Symbol>(Bytes(h));
            var names = tables[i] = new List<string>(syms.Length);
            for (int s = 0; s < syms.Length; s++)
            {
                ref readonly var sym = ref syms[s];
                string name = Str((int)h.Link, sym.Name);
                names.Add(name);
                if (s == 0) continue;
                string? section = sym.SectionIndex switch
                {
                    SHN_UNDEF => null,
                    SHN_ABS => "*ABS*",
                    SHN_COMMON => "*COM*",
                    _ => SectionName(sym.SectionIndex),
                };
                symbols.Add(new ImageSymbol(sections[i - 1].Name, name, sym.Value, sym.Size, sym.Type, sym.Binding, sym.Visibility, section));
            }
        }
        image.Symbols = symbols;

        var dynamic = new List<ImageDynamicEntry>();
        for (int i = 1; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            if (h.Type != SHT_DYNAMIC) continue;
            foreach (var d in elf32 ? Elf32Records.Dynamic(Bytes(h)) : MemoryMarshal.Cast<byte, Elf64Dyn>(Bytes(h)))
            {
                if (d.Tag == DT_NULL) break;
                string? text = Input.DynamicSection.IsStringTag(d.Tag) ? Str((int)h.Link, (uint)d.Value) : null;
                dynamic.Add(new ImageDynamicEntry(d.Tag, d.Value, text));
            }
        }
        image.DynamicEntries = dynamic;

        var relocations = new List<ImageRelocation>();
        for (int i = 1; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            if (!Inspection.RelocationEntries.IsRelocationSection(h)) continue;
            var symNames = tables.GetValueOrDefault((int)h.Link);
            foreach (var r in Inspection.RelocationEntries.Decode(Bytes(h), elf32, h.Type))
            {
                string? symbol = r.SymbolIndex == 0 || symNames is null || r.SymbolIndex >= symNames.Count ? null : symNames[(int)r.SymbolIndex];
                relocations.Add(new ImageRelocation(sections[i - 1].Name, r.Offset, r.Type, symbol, r.Addend));
            }
        }
        image.Relocations = relocations;
        return image;
    }
}
