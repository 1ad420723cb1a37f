// One ELF64 x86-64 relocatable object (a file or an archive member), validated and read in place;
// inspection also opens linked images through it, choosing the symbol table (SymbolTableChoice), and files of
// other machines and of ELF32 (i386, 32-bit Arm), whose section headers and symbols are widened to the ELF64
// records once, when opened (Elf32Records): the link's files are read in place, never copied.
// It knows its sections, symbols and names; which sections survive, and where they go, is decided
// by resolution and layout, which keep that state in their own arrays indexed by this file's id.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Input;

public sealed class ObjectFile
{
    private readonly MappedFile _file;
    private readonly long _base;
    // 64-bit offsets: an object may pass 2 GiB (a section aligned to 2^31, or many sections). Most readers take a
    // section as one span; a section of 2 GiB or more (IsWide) is copied and relocated through windows
    // (SectionWindow), and a reader that needs it whole refuses it by name (SectionData). The symbol table and the
    // relocation sections are spans of records (a span counts records, not bytes), and names are read from the
    // string table at their offsets: each may pass 2 GiB.
    private readonly long _length;
    private readonly long _shdrOffset;
    private readonly long _symtabOffset;
    private readonly long _strtabOffset;
    private readonly long _strtabLength;
    private readonly long _shstrOffset;
    private readonly int _shstrLength;
    private readonly uint[]? _symtabShndx;
    // An ELF32 file's tables as ELF64 records (inspection only); null for ELF64, whose tables are read in place.
    private readonly Elf64SectionHeader[]? _wideSectionHeaders;
    private readonly Elf64Symbol[]? _wideSymbols;
    // The decompressed bytes of compressed sections, filled once each; null when the object has none (most).
    private readonly InflatedSections? _inflated;

    /// <summary>Parses and validates the ELF header, section headers and symbol table.</summary>
    /// <param name="table">Which symbol table to read. The default is the link's view; the other choices are
    /// for inspection, which also accepts executables (ET_EXEC) since nothing will be linked from them.</param>
    /// <param name="neededName">A shared object without DT_SONAME is needed by this name (GNU ld's rule: the path as
    /// given on the command line, the file name when -l found it); the display name when null.</param>
    public ObjectFile(MappedFile file, long offset, long length, string displayName, Archive? archive = null,
        SymbolTableChoice table = SymbolTableChoice.ForLink, string? neededName = null)
    {
        _file = file;
        _base = offset;
        DisplayName = displayName;
        Archive = archive;
        _length = length;
        var data = At(0, (int)Math.Min(length, ElfHeaderBytes));
        bool inspecting = table != SymbolTableChoice.ForLink;
        ElfIdentity.Check(data, displayName, anyMachine: inspecting);
        Is32Bit = Elf32Records.IsElf32(data);
        var header = Is32Bit ? Elf32Records.Header(data) : MemoryMarshal.Read<Elf64Header>(data);
        int sectionHeaderSize = Is32Bit ? Elf32Records.SectionHeaderSize : SectionHeaderSize;
        int symbolSize = Is32Bit ? Elf32Records.SymbolSize : SymbolSize;
        if (header.Type != ET_REL && header.Type != ET_DYN && !(inspecting && header.Type == ET_EXEC))
            throw new LinkException(ErrorId.UnsupportedFileType,
                $"{displayName}: not a relocatable object or shared object (ELF type {header.Type})", displayName);
        IsShared = header.Type == ET_DYN;
        ElfType = header.Type;
        // A shared object's symbol table, for linking against it, is .dynsym.
        uint symbolTableType = table switch
        {
            SymbolTableChoice.Symtab => SHT_SYMTAB,
            SymbolTableChoice.Dynsym => SHT_DYNSYM,
            _ => IsShared ? SHT_DYNSYM : SHT_SYMTAB,
        };
        if (header.SectionHeaderEntrySize != sectionHeaderSize && header.SectionHeaderCount != 0)
            throw Malformed($"invalid e_shentsize {header.SectionHeaderEntrySize}");

        ulong shoff = header.SectionHeaderOffset;
        ulong shnum = header.SectionHeaderCount;
        if (shoff == 0)
            throw Malformed("no section header table");
        if (!InBounds(shoff, (ulong)sectionHeaderSize))
            throw Malformed($"e_shoff 0x{shoff:x} is beyond the end of the file");
        _shdrOffset = (long)shoff;
        // With 0xff00 or more sections, e_shnum is 0 and the real count is section 0's sh_size.
        if (shnum == 0)
            shnum = Is32Bit
                ? Elf32Records.SectionHeaders(At(_shdrOffset, sectionHeaderSize))[0].Size
                : MemoryMarshal.Read<Elf64SectionHeader>(At(_shdrOffset, SectionHeaderSize)).Size;
        if (shnum == 0 || shnum > (ulong)(_length / sectionHeaderSize) || !InBounds(shoff, shnum * (ulong)sectionHeaderSize))
            throw Malformed($"section header table (e_shoff 0x{shoff:x}, {shnum} entries) is beyond the end of the file");
        SectionCount = (int)shnum;
        if (Is32Bit)
            _wideSectionHeaders = Elf32Records.SectionHeaders(At(_shdrOffset, SectionCount * sectionHeaderSize));

        var sections = SectionHeaders;
        uint shstrndx = header.SectionNameTableIndex;
        if (shstrndx == SHN_XINDEX)
            shstrndx = sections[0].Link;
        if (shstrndx >= (uint)SectionCount || sections[(int)shstrndx].Type != SHT_STRTAB)
            throw Malformed($"invalid e_shstrndx {shstrndx}");
        (_shstrOffset, _shstrLength) = CheckedRange(sections[(int)shstrndx], (int)shstrndx);
        // Every name lookup stops at a NUL; one at the very end guarantees each lookup finds one.
        var shstr = At(_shstrOffset, _shstrLength);
        if (_shstrLength == 0 || shstr[_shstrLength - 1] != 0)
            throw Malformed($"section name table [{shstrndx}] is not NUL-terminated");

        CompressedSection?[]? compressed = null;
        for (int i = 1; i < SectionCount; i++)
        {
            ref readonly var s = ref sections[i];
            if (s.Name >= (uint)_shstrLength)
                throw Malformed($"section [{i}] has sh_name {s.Name} beyond .shstrtab");
            // Two facts about the names that the sequential resolver would otherwise find by reading every
            // section name of every loaded object again; one look at the first bytes settles both here.
            byte lead = shstr[(int)s.Name];
            if (lead == (byte)'.')
                HasGccLtoSections |= shstr[(int)s.Name + 1] == (byte)'g' && SectionNameStartsWith(i, ".gnu.lto_"u8);
            else if (lead != 0)
                HasUndottedSectionName = true;
            // clang -ffat-lto-objects keeps the bitcode in .llvm.lto, beside the regular code.
            HasLlvmLtoSection |= s.Type == SHT_LLVM_LTO;
            HasLargeSection |= (s.Flags & SHF_X86_64_LARGE) != 0;
            if (s.AddressAlign > MaxAlignment || (s.AddressAlign & (s.AddressAlign - 1)) != 0)
                throw Malformed($"section [{i}] {SectionNameString(i)} has invalid alignment {s.AddressAlign}: sh_addralign is "
                    + (s.AddressAlign > MaxAlignment ? "too large (at most 2^31)" : "not a power of 2"));
            if (s.Type != SHT_NOBITS && !InBounds(s.Offset, s.Size))
                throw Malformed($"section [{i}] (sh_offset 0x{s.Offset:x}, sh_size 0x{s.Size:x}) extends beyond the end of the file");
            else if (s.Size > MaxMemorySize)
                throw Malformed($"section [{i}] {SectionNameString(i)} has sh_size 0x{s.Size:x}, more than the address space holds");
            if ((s.Flags & SHF_LINK_ORDER) != 0 && s.Link >= (uint)SectionCount)
                throw Malformed($"section [{i}] {SectionNameString(i)} is SHF_LINK_ORDER with invalid sh_link {s.Link}");
            if ((s.Flags & SHF_COMPRESSED) != 0 && s.Type != SHT_NOBITS)
                (compressed ??= new CompressedSection?[SectionCount])[i] = CompressionHeader.Check(this, i);
            else if (s.Type == SHT_PROGBITS && lead == (byte)'.' && SectionNameStartsWith(i, ".zdebug"u8)
                && CompressionHeader.CheckGnu(this, i) is { } gnu)
                (compressed ??= new CompressedSection?[SectionCount])[i] = gnu;
            if (s.Type == symbolTableType)
            {
                if (SymtabIndex != 0)
                    throw Malformed("more than one symbol table");
                SymtabIndex = i;
            }
            else if (s.Type == SHT_SYMTAB_SHNDX)
            {
                // Each table of extended indices belongs to one symbol table (sh_link): .dynsym may have its
                // own, and neither may be read for the other.
                if (s.Link >= (uint)SectionCount || sections[(int)s.Link].Type is not (SHT_SYMTAB or SHT_DYNSYM))
                    throw Malformed($"SHT_SYMTAB_SHNDX section [{i}] {SectionNameString(i)} has sh_link {s.Link}, which is not a symbol table");
                if (s.EntrySize != 4)
                    throw Malformed($"SHT_SYMTAB_SHNDX section [{i}] {SectionNameString(i)} has invalid sh_entsize {s.EntrySize} (expected 4)");
                if (sections[(int)s.Link].Type == symbolTableType)
                    ShndxIndex = i;
            }
        }

        if (compressed is not null)
            _inflated = new InflatedSections(compressed);

        if (SymtabIndex != 0)
        {
            ref readonly var symtab = ref sections[SymtabIndex];
            if (symtab.EntrySize != (ulong)symbolSize)
                throw Malformed($"symbol table has invalid sh_entsize {symtab.EntrySize}");
            if (symtab.Size % (ulong)symbolSize != 0)
                throw Malformed($"symbol table size {symtab.Size} is not a multiple of {symbolSize}");
            (_symtabOffset, long symLen) = CheckedTable(symtab, SymtabIndex);
            // Symbol ids are 32-bit (int indices): ELF allows more symbols in one object (48 GiB of them), refused by name.
            if (symLen / symbolSize > int.MaxValue || (Is32Bit && symLen > int.MaxValue))
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{DisplayName}: symbol table [{SymtabIndex}] holds {symLen / symbolSize} symbols; more than {int.MaxValue} in one object are not supported", DisplayName);
            SymbolCount = (int)(symLen / symbolSize);
            if (Is32Bit)
                _wideSymbols = Elf32Records.Symbols(At(_symtabOffset, (int)symLen));
            if (symtab.Info == 0 || symtab.Info > SymbolCount)
                throw Malformed($"symbol table sh_info {symtab.Info} is out of range (0 < sh_info <= {SymbolCount})");
            FirstGlobal = (int)symtab.Info;
            if (symtab.Link == 0 || symtab.Link >= (uint)SectionCount || sections[(int)symtab.Link].Type != SHT_STRTAB)
                throw Malformed($"symbol table sh_link {symtab.Link} is not a string table");
            (_strtabOffset, _strtabLength) = CheckedTable(sections[(int)symtab.Link], (int)symtab.Link);
            if (_strtabLength == 0 || At(_strtabOffset + _strtabLength - 1, 1)[0] != 0)
                throw Malformed("string table is not NUL-terminated");
            if (ShndxIndex != 0)
            {
                var (o, l) = CheckedTable(sections[ShndxIndex], ShndxIndex);
                if (l < SymbolCount * 4L)
                    throw Malformed("SHT_SYMTAB_SHNDX section is smaller than the symbol table");
                _symtabShndx = Records<uint>(o, SymbolCount).ToArray();
            }
            ValidateSymbols();
        }
        // Only relocatable objects' relocation sections are applied; a linked file's .rela.dyn targets no section.
        // An ELF32 file is never linked: inspection reads its SHT_REL and SHT_RELA entries (Inspection/RelocationEntries).
        if (ElfType == ET_REL && !Is32Bit)
            RelocationSections.Check(this);
        // Versions index .dynsym, so they only make sense when .dynsym is the table read.
        if (symbolTableType == SHT_DYNSYM && (IsShared || SymtabIndex != 0))
            Shared = SharedObjectInfo.Read(this, neededName ?? displayName);
    }

    /// <summary>e_type: ET_REL, ET_EXEC (inspection only) or ET_DYN.</summary>
    public ushort ElfType { get; }

    /// <summary>True for a shared object (ET_DYN): for the link its .dynsym is the symbol table, it contributes no sections.</summary>
    public bool IsShared { get; }

    /// <summary>The absolute symbols of a --just-symbols file (JustSymbolsObject): their definitions yield to any
    /// other object's, without a duplicate-symbol error, as GNU ld lets a program define what the image also has.</summary>
    public bool IsJustSymbols { get; internal init; }

    /// <summary>An LTO plugin's claimed file as the first resolution sees it (Lto.StubObject): its e_machine is a
    /// placeholder, since bitcode names none; the machine of the link is the other inputs' and the plugin's output's.</summary>
    public bool IsLtoStub { get; internal init; }

    /// <summary>Soname and symbol versions of a shared object (or of an inspected executable's .dynsym);
    /// null for relocatable objects.</summary>
    public SharedObjectInfo? Shared { get; }

    /// <summary>Whether a section's name starts with .gnu.lto_: GCC IR for link-time optimisation (Lto.GccLtoObject).</summary>
    public bool HasGccLtoSections { get; }

    /// <summary>Whether the object carries LLVM bitcode in a .llvm.lto section (clang -flto -ffat-lto-objects).</summary>
    public bool HasLlvmLtoSection { get; }

    /// <summary>Whether some section has the SHF_X86_64_LARGE bit (medium/large-model data): only then can a symbol's
    /// section be large (SymbolTraits.Large), so the traits of every other object's symbols skip the look.</summary>
    public bool HasLargeSection { get; }

    /// <summary>Whether some section's name does not start with '.': only such sections can give
    /// __start_SEC and __stop_SEC their meaning, and most objects have none.</summary>
    public bool HasUndottedSectionName { get; }

    public string DisplayName { get; }
    public Archive? Archive { get; }
    /// <summary>True for an ELF32 file (only ever opened for inspection): its tables were widened when it was opened.</summary>
    public bool Is32Bit { get; }
    public int SectionCount { get; }
    public int SymtabIndex { get; }
    private int ShndxIndex { get; }
    /// <summary>Number of entries in .symtab, including the null symbol at index 0.</summary>
    public int SymbolCount { get; }
    /// <summary>Index of the first non-local symbol (the symtab's sh_info).</summary>
    public int FirstGlobal { get; }

    /// <summary>
    /// Sizes that occupy no file bytes (.bss, commons) are bounded by what x86-64 can map (47-bit user
    /// space); anything larger is damage, and would make layout's address arithmetic wrap.
    /// </summary>
    private const ulong MaxMemorySize = 1UL << 47;

    /// <summary>
    /// lld's limit for sh_addralign and a common symbol's alignment: it must fit in 32 bits. 2^31 itself
    /// passes here, as it does in GNU ld and lld, though a section with file contents aligned so makes an
    /// output of 2 GiB or more, which is linked as they link it.
    /// </summary>
    private const ulong MaxAlignment = 1UL << 31;

    // The ELF header's bytes (an ELF32 one is smaller; a file shorter than either is refused by ElfIdentity.Check).
    private const int ElfHeaderBytes = Elf64HeaderSize;

    /// <summary>[offset, offset + length) of this object; callers have bounds-checked the range.</summary>
    private ReadOnlySpan<byte> At(long offset, int length) => _file.Slice(_base + offset, length);

    /// <summary><paramref name="count"/> records from [offset, ...) of this object, bounds-checked by the caller: a
    /// table of 2 GiB or more is one span all the same, since a span counts records, not bytes.</summary>
    private ReadOnlySpan<T> Records<T>(long offset, int count) where T : unmanaged => _file.Records<T>(_base + offset, count);

    /// <summary>The string at <paramref name="offset"/> of the symbols' string table (which may pass 2 GiB: st_name
    /// reaches 4 GiB), up to its NUL; empty when the offset is outside the table.</summary>
    private ReadOnlySpan<byte> StrtabFrom(uint offset) => offset >= (ulong)_strtabLength ? default
        : _file.Slice(_base + _strtabOffset + offset, Math.Min(_strtabLength - offset, int.MaxValue));

    public ReadOnlySpan<Elf64SectionHeader> SectionHeaders => _wideSectionHeaders is { } wide
        ? wide
        : MemoryMarshal.Cast<byte, Elf64SectionHeader>(At(_shdrOffset, SectionCount * SectionHeaderSize));

    public ReadOnlySpan<Elf64Symbol> Symbols => SymbolCount == 0 ? default
        : _wideSymbols is { } wide ? wide
        : Records<Elf64Symbol>(_symtabOffset, SymbolCount);

    /// <summary>The whole file (an archive member's own bytes), for readers of tables a link rarely needs, such as a
    /// shared object's program headers; its first 2 GiB for a larger file, since a span holds no more (the headers
    /// such readers want sit at the start).</summary>
    public ReadOnlySpan<byte> Image => At(0, (int)Math.Min(_length, int.MaxValue));

    /// <summary>The contents of section <paramref name="index"/> (empty for NOBITS), as one span: a section of 2 GiB or
    /// more (<see cref="IsWide"/>) is refused by name here, since a span cannot hold it; the writer and the relocation
    /// scan read such a section through <see cref="SectionWindow"/> instead.</summary>
    public ReadOnlySpan<byte> SectionData(int index)
    {
        ref readonly var s = ref SectionHeaders[index];
        if (s.Type == SHT_NOBITS) return default;
        if (s.Size > int.MaxValue) ThrowWide(index, s.Size);
        return At((long)s.Offset, (int)s.Size);
    }

    /// <summary>Whether section <paramref name="index"/> holds 2 GiB or more of file bytes (stored or, compressed,
    /// once inflated): too many for one span, so it is read through <see cref="SectionWindow"/>.</summary>
    public bool IsWide(int index)
    {
        ref readonly var s = ref SectionHeaders[index];
        // sh_size first: asked of every section by the scan and the writer, and almost never true; a compressed
        // section is wide by what it inflates to, whatever it takes stored.
        if (s.Size > int.MaxValue) return s.Type != SHT_NOBITS && ContentSize(index) > int.MaxValue;
        return _inflated is { } inflated && inflated.Header(index) is { } c && c.Size > int.MaxValue;
    }

    /// <summary>Bytes [offset, offset + length) of section <paramref name="index"/>'s contents (inflated, for a
    /// compressed section), at a 64-bit offset: how the writer copies and relocates a section of any size, one window
    /// at a time.</summary>
    public ReadOnlySpan<byte> SectionWindow(int index, ulong offset, int length)
    {
        ref readonly var s = ref SectionHeaders[index];
        ulong size = ContentSize(index);
        if (s.Type == SHT_NOBITS || length < 0 || offset > size || (ulong)length > size - offset)
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: {DisplayName}: {length} bytes at offset 0x{offset:x} of section [{index}] are outside its {size} bytes");
        if (_inflated is { } inflated && inflated.Header(index) is not null) return inflated.Window(this, index, offset, length);
        return At((long)(s.Offset + offset), length);
    }

    /// <summary>The first <paramref name="length"/> stored bytes of section <paramref name="index"/> (at most its
    /// sh_size), whatever the section's size: how a compression header is read.</summary>
    public ReadOnlySpan<byte> StoredHead(int index, int length) =>
        At((long)SectionHeaders[index].Offset, (int)Math.Min((ulong)length, SectionHeaders[index].Size));

    /// <summary>The address of section <paramref name="index"/>'s stored bytes (sh_size of them, inside the file as
    /// checked when it was read): a compressed payload of any size is streamed from here.</summary>
    public unsafe byte* StoredBytes(int index) => _file.At(_base + (long)SectionHeaders[index].Offset);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowWide(int index, ulong size) =>
        throw new LinkException(ErrorId.UnsupportedInput,
            $"{DisplayName}: section [{index}] {SectionNameString(index)} is {size} bytes, and this use of it reads it as one span, " +
            "which cannot pass 2 GiB (copying and relocating it can; its use here is not supported)", DisplayName);

    /// <summary>Whether section <paramref name="index"/> is stored compressed (SHF_COMPRESSED, or a legacy
    /// .zdebug_* section starting with "ZLIB"): its <see cref="SectionData"/> is then not what the link uses.</summary>
    public bool IsCompressed(int index) => _inflated?.Header(index) is not null;

    /// <summary>The bytes the link uses for section <paramref name="index"/>: <see cref="SectionData"/> itself (a
    /// view of the mapped file, no copy) unless the section is compressed, whose bytes are decompressed once
    /// (InflatedSections) and kept for the object's lifetime. Inspection reads SectionData: the stored bytes.</summary>
    public ReadOnlySpan<byte> SectionContents(int index)
    {
        if (_inflated is not { } inflated || inflated.Header(index) is not { } c) return SectionData(index);
        if (c.Size > int.MaxValue) ThrowWide(index, c.Size);
        return inflated.Get(this, index);
    }

    /// <summary>Decompresses section <paramref name="index"/> (compressed, of any size) now, for the phase that
    /// inflates every compressed section the link keeps in parallel.</summary>
    public void Inflate(int index) => _inflated!.Prepare(this, index);

    /// <summary>The size of <see cref="SectionContents"/>: ch_size for a compressed section, sh_size otherwise.</summary>
    public ulong ContentSize(int index) => _inflated?.Header(index) is { } c ? c.Size : SectionHeaders[index].Size;

    /// <summary>The alignment the link gives section <paramref name="index"/>: ch_addralign for an SHF_COMPRESSED
    /// section (its sh_addralign is the header's), sh_addralign otherwise.</summary>
    public ulong ContentAlign(int index) => _inflated?.Header(index) is { } c ? c.Align : SectionHeaders[index].AddressAlign;

    public ReadOnlySpan<byte> SectionName(int index) => CString(At(_shstrOffset, _shstrLength), SectionHeaders[index].Name);

    public string SectionNameString(int index) => Encoding.UTF8.GetString(SectionName(index));

    /// <summary>Whether a section is named exactly <paramref name="name"/> (which holds no NUL), without
    /// first finding where its name ends.</summary>
    public bool SectionNameIs(int index, ReadOnlySpan<byte> name)
    {
        var rest = SectionNameOnwards(index);
        return rest.StartsWith(name) && (rest.Length == name.Length || rest[name.Length] == 0);
    }

    /// <summary>Whether a section's name starts with <paramref name="prefix"/> (which holds no NUL): one
    /// comparison, without first finding where the name ends.</summary>
    public bool SectionNameStartsWith(int index, ReadOnlySpan<byte> prefix) => SectionNameOnwards(index).StartsWith(prefix);

    /// <summary>The section-name table from where section <paramref name="index"/>'s name starts; empty when
    /// the name's offset lies outside the table.</summary>
    private ReadOnlySpan<byte> SectionNameOnwards(int index)
    {
        uint offset = SectionHeaders[index].Name;
        return offset < (uint)_shstrLength ? At(_shstrOffset + offset, _shstrLength - (int)offset) : default;
    }

    public ReadOnlySpan<byte> SymbolName(int symbolIndex)
    {
        var rest = StrtabFrom(Symbols[symbolIndex].Name);
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }

    public string SymbolNameString(int symbolIndex) => Encoding.UTF8.GetString(SymbolName(symbolIndex));

    /// <summary>
    /// The name symbol resolution keys the symbol by, as <see cref="Symbols.VersionedName.Interned"/> defines it
    /// (<c>name@@VER</c> is <c>name</c>), found in one scan of the string table: this runs for every global.
    /// </summary>
    public ReadOnlySpan<byte> InternedSymbolName(int symbolIndex)
    {
        var rest = StrtabFrom(Symbols[symbolIndex].Name);
        int stop = rest.IndexOfAny((byte)0, (byte)'@');
        if (stop < 0) return rest;
        if (rest[stop] == 0 || (stop > 0 && stop + 1 < rest.Length && rest[stop + 1] == (byte)'@')) return rest[..stop];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>The section a symbol is defined in, resolving SHN_XINDEX; 0 for undefined/absolute/common.</summary>
    public int SymbolSection(int symbolIndex)
    {
        ushort shndx = Symbols[symbolIndex].SectionIndex;
        if (shndx == SHN_XINDEX)
            return (int)_symtabShndx![symbolIndex];
        return shndx >= SHN_LORESERVE ? 0 : shndx;
    }

    /// <summary>The relocations in a SHT_RELA section of an ELF64 file, validated when the section was read (the link's
    /// view; inspection reads SHT_REL and ELF32 tables too, through Inspection/RelocationEntries). A section of 2 GiB
    /// or more (89 million entries) is one span too: a span counts entries (RelocationSections refuses 2^31 of them).</summary>
    public ReadOnlySpan<Elf64Rela> Relocations(int relaSectionIndex)
    {
        ref readonly var s = ref SectionHeaders[relaSectionIndex];
        return s.Type == SHT_NOBITS ? default : Records<Elf64Rela>((long)s.Offset, (int)(s.Size / RelaSize));
    }

    /// <summary>e_ident[EI_OSABI]; GNU means the object may use IFUNC or unique symbols.</summary>
    public byte OsAbi => At(7, 1)[0];

    /// <summary>e_machine: which architecture the object is for.</summary>
    public ushort Machine => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(At(18, 2));

    public override string ToString() => DisplayName;

    internal LinkException Malformed(string what) =>
        new(ErrorId.MalformedElf, $"{DisplayName}: malformed ELF file: {what}", DisplayName);

    private bool InBounds(ulong offset, ulong size) => offset <= (ulong)_length && size <= (ulong)_length - offset;

    /// <summary>The range of a table read as records (.symtab, SHT_SYMTAB_SHNDX) or by offset (.strtab): of any size.</summary>
    private (long Offset, long Length) CheckedTable(in Elf64SectionHeader s, int index)
    {
        if (!InBounds(s.Offset, s.Size))
            throw Malformed($"section [{index}] (sh_offset 0x{s.Offset:x}, sh_size 0x{s.Size:x}) extends beyond the end of the file");
        return ((long)s.Offset, (long)s.Size);
    }

    private (long Offset, int Length) CheckedRange(in Elf64SectionHeader s, int index)
    {
        if (!InBounds(s.Offset, s.Size))
            throw Malformed($"section [{index}] (sh_offset 0x{s.Offset:x}, sh_size 0x{s.Size:x}) extends beyond the end of the file");
        // The section names are read as one span; a table of them of 2 GiB or more is refused by name. The symbols and
        // their strings (CheckedTable) and sections of contents (SectionWindow) may be larger.
        if (s.Size > int.MaxValue)
            throw new LinkException(ErrorId.UnsupportedInput,
                $"{DisplayName}: section [{index}] {(_shstrLength > 0 ? SectionNameString(index) : "(section names)")} is {s.Size} bytes; section name tables of 2 GiB or more are not supported", DisplayName);
        return ((long)s.Offset, (int)s.Size);
    }

    /// <summary>
    /// Checks every symbol, so it is written for the common cases: a name in range, a binding its part of the
    /// table allows, and either an ordinary section index whose section needs nothing more or SHN_UNDEF; each
    /// costs one predictable test, and every rarer case (reserved or extended indices, section symbols without
    /// a section, TLS, merged sections, errors) is handled out of line.
    /// </summary>
    private void ValidateSymbols()
    {
        var syms = Symbols;
        var sections = SectionHeaders;
        // Relocations may name symbol 0; every phase reads its section index, so it must be the null one.
        if (syms[0].SectionIndex != SHN_UNDEF)
            throw Malformed($"the null symbol (index 0) has section index {syms[0].SectionIndex}");
        // The bindings each part of the table may hold, one bit per STB_ value: below sh_info only STB_LOCAL;
        // above it, in a relocatable object, STB_GLOBAL, STB_WEAK and STB_GNU_UNIQUE (lld's rule: nothing else
        // says how to resolve), in a linked file anything but STB_LOCAL.
        const uint localBindings = 1u << STB_LOCAL;
        uint globalBindings = ElfType == ET_REL ? (1u << STB_GLOBAL) | (1u << STB_WEAK) | (1u << STB_GNU_UNIQUE) : ~localBindings;
        int firstGlobal = FirstGlobal;
        ulong strtabLength = (ulong)_strtabLength;
        // Indices 1 up to this one name a section directly; 0, the reserved range and SHN_XINDEX need more.
        uint ordinaryEnd = Math.Min((uint)SectionCount, SHN_LORESERVE);
        for (int i = 1; i < syms.Length; i++)
        {
            ref readonly var sym = ref syms[i];
            uint allowed = i < firstGlobal ? localBindings : globalBindings;
            if (sym.Name >= strtabLength || ((allowed >> sym.Binding) & 1) == 0)
                throw BadSymbol(i);
            uint shndx = sym.SectionIndex;
            if (shndx - 1 < ordinaryEnd - 1)
            {
                // Only TLS symbols, and symbols in TLS or merged sections, depend on their section.
                ref readonly var section = ref Unsafe.Add(ref MemoryMarshal.GetReference(sections), (int)shndx);
                if (sym.Type == STT_TLS || (section.Flags & (SHF_TLS | SHF_MERGE)) != 0)
                    CheckPlacement(i, (int)shndx);
            }
            // An undefined symbol (the other common case) needs a look only if it claims to be a section's.
            else if (shndx != SHN_UNDEF || sym.Type == STT_SECTION)
                CheckSpecialIndex(i);
        }
    }

    /// <summary>A symbol whose st_shndx is SHN_UNDEF, reserved, SHN_XINDEX or out of range.</summary>
    private void CheckSpecialIndex(int i)
    {
        ref readonly var sym = ref Symbols[i];
        uint shndx = sym.SectionIndex;
        if (shndx == SHN_XINDEX)
        {
            if (_symtabShndx is null)
                throw Malformed($"symbol {i} uses SHN_XINDEX but there is no SHT_SYMTAB_SHNDX section");
            shndx = _symtabShndx[i];
        }
        else if (shndx >= SHN_LORESERVE)
        {
            // x86-64's large commons (gas .largecomm, gcc -mcmodel=medium/large -fcommon) are commons placed in .lbss.
            bool common = shndx == SHN_COMMON || (shndx == SHN_X86_64_LCOMMON && Machine == EM_X86_64);
            string commonIndex = SpecialIndexName(shndx);
            if (common && sym.Type == STT_SECTION)
                throw SectionSymbolWithoutSection(i, commonIndex);
            if (common && (sym.Value == 0 || sym.Value > MaxAlignment || (sym.Value & (sym.Value - 1)) != 0))
                throw Malformed($"common symbol '{SymbolNameString(i)}' has invalid alignment {sym.Value}");
            if (common && sym.Size > MaxMemorySize)
                throw Malformed($"common symbol '{SymbolNameString(i)}' has size 0x{sym.Size:x}, more than the address space holds");
            // Other processor- and OS-specific indexes (SHN_LOPROC..SHN_HIOS) mean a placement Wild does not make: the
            // symbol would otherwise be taken as defined nowhere and read as 0.
            if (!common && shndx is >= SHN_LOPROC and <= SHN_HIOS)
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{DisplayName}: symbol '{SymbolNameString(i)}' has st_shndx {commonIndex}, which is not supported", DisplayName);
            return;
        }
        if (shndx >= (uint)SectionCount)
            throw Malformed($"symbol {i} has invalid section index {shndx}");
        if (shndx == SHN_UNDEF)
        {
            // A section symbol stands for its section (relocations reach the section through it); without one it
            // would silently resolve to address 0. lld reports it as an undefined symbol with no name.
            if (sym.Type == STT_SECTION && ElfType == ET_REL)
                throw SectionSymbolWithoutSection(i, "SHN_UNDEF");
            return;
        }
        CheckPlacement(i, (int)shndx);
    }

    /// <summary>The checks of a symbol that depend on its section, for the few symbols they concern.</summary>
    private void CheckPlacement(int i, int shndx)
    {
        ref readonly var sym = ref Symbols[i];
        ref readonly var section = ref SectionHeaders[shndx];
        // A TLS symbol's value is an offset into the TLS block; outside a TLS section it has no meaning.
        if (sym.Type == STT_TLS && (section.Flags & SHF_TLS) == 0)
            throw Malformed($"TLS symbol '{SymbolNameString(i)}' is defined in section [{shndx}] {SectionNameString(shndx)}, which is not a TLS section");
        // A merged section is split into pieces and a symbol's offset is mapped to the piece holding it, so an
        // offset past the end names no piece (lld: "offset is outside the section"; GNU ld warns "access beyond
        // end of merged section"). The end itself is allowed, as GNU ld allows it. Elsewhere an offset past the
        // end is legal: the assembler writes `after = label + 0x1000` so, and every linker takes it as an address.
        // A linked file's values are addresses, not offsets.
        if ((section.Flags & SHF_MERGE) != 0 && section.EntrySize != 0 && sym.Value > section.Size && ElfType == ET_REL)
            throw Malformed($"symbol '{SymbolNameString(i)}' has st_value 0x{sym.Value:x}, past the end of its merged section [{shndx}] {SectionNameString(shndx)} (sh_size 0x{section.Size:x})");
    }

    private LinkException BadSymbol(int i)
    {
        ref readonly var sym = ref Symbols[i];
        byte binding = sym.Binding;
        if (sym.Name >= (ulong)_strtabLength)
            return Malformed($"symbol {i} has st_name {sym.Name} beyond the string table");
        if (i < FirstGlobal)
            return Malformed($"non-local symbol ({i}) found at index < .symtab's sh_info ({FirstGlobal})");
        if (binding == STB_LOCAL)
            return Malformed($"local symbol ({i}) found at index >= .symtab's sh_info ({FirstGlobal})");
        return Malformed($"symbol '{SymbolNameString(i)}' has invalid binding {binding} (symbol {i}; only STB_GLOBAL, STB_WEAK and STB_GNU_UNIQUE are valid)");
    }

    private string SpecialIndexName(uint shndx) =>
        shndx == SHN_COMMON ? "SHN_COMMON" : shndx == SHN_X86_64_LCOMMON && Machine == EM_X86_64 ? "SHN_X86_64_LCOMMON" : $"0x{shndx:x}";

    private LinkException SectionSymbolWithoutSection(int i, string shndx) =>
        Malformed($"section symbol ({i}) has st_shndx {shndx}, so it names no section");

    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= (uint)table.Length)
            return default;
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? rest : rest[..end];
    }
}
