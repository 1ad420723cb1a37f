// The malformed-input table: every case of §1 in shared/reliability-cases.md (its number is TableRow) as
// one or more rows, each a precise mutation of a valid gcc-built input and the error it must produce.
// MalformedInputTests runs each row through `wild` and through the cmdlets' engine calls; this file only
// says what is broken and what the user must be told.
using Wild.Engine.Diagnostics;
using static Wild.Engine.Elf.ElfConstants;
using F = Wild.Engine.Tests.Engine.Malformed.MalformedInputFixture;

namespace Wild.Engine.Tests.Engine.Malformed;

internal static class MalformedInputTable
{
    private const ErrorId Bad = ErrorId.MalformedElf;
    private const ErrorId BadAr = ErrorId.MalformedArchive;

    private static MalformedCase Obj(string name, int row, ErrorId id, string problem, Action<ElfBytes> mutate) =>
        new(name, row, BaseInput.Object, id, problem, Elf: mutate);

    private static MalformedCase Dso(string name, int row, string problem, Action<ElfBytes> mutate) =>
        new(name, row, BaseInput.SharedLibrary, Bad, problem, Elf: mutate);

    private static MalformedCase Ar(string name, int row, ErrorId id, string problem, Action<ArchiveBytes> mutate, string? member = null) =>
        new(name, row, BaseInput.Archive, id, problem, Ar: mutate, Member: member);

    private static MalformedCase Script(string name, int row, ErrorId id, string problem, Func<string, string> write) =>
        new(name, row, BaseInput.LinkerScript, id, problem, Text: write);

    private static MalformedCase Rsp(string name, string problem, Func<string, string> write) =>
        new(name, 33, BaseInput.ResponseFile, ErrorId.MalformedResponseFile, problem, Text: write);

    private static string WriteText(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Turns the empty .note.GNU-stack into an SHT_SYMTAB_SHNDX table over .symtab's bytes (every
    /// symbol then reads an extended index, which only SHN_XINDEX symbols consult), with the given link and entry size.</summary>
    private static void ExtendedIndexTable(ElfBytes e, uint link, ulong entrySize)
    {
        int s = e.Section(".note.GNU-stack");
        e.SetType(s, SHT_SYMTAB_SHNDX);
        e.SetOffset(s, e.Offset(e.Symtab));
        e.SetSize(s, e.Size(e.Symtab));
        e.SetLink(s, link);
        e.SetEntSize(s, entrySize);
    }

    /// <summary>Byte position of a member's first data byte (its ELF header), for damage inside a member.</summary>
    private static int MemberData(ArchiveBytes a, string rawName) => a.Header(rawName) + 60;

    public static readonly MalformedCase[] All =
    [
        // 1: too short
        Obj("empty-file", 1, ErrorId.NotElf, "file is empty", e => e.Truncate(0)),
        Obj("header-cut-at-40", 1, Bad, "file too short", e => e.Truncate(40)),
        Obj("cut-after-header", 1, Bad, "beyond the end of the file", e => e.Truncate(100)),
        // 2: identity
        Obj("bad-magic", 2, ErrorId.NotElf, "file format not recognized", e => e.Bytes[3] = (byte)'G'),
        Obj("class-none", 2, ErrorId.WrongMachine, "ELF class 0", e => e.Bytes[4] = 0),
        Obj("class-32", 2, ErrorId.WrongMachine, "ELF32", e => e.Bytes[4] = 1),
        Obj("data-none", 2, ErrorId.UnsupportedElfClass, "data encoding 0", e => e.Bytes[5] = 0),
        Obj("data-msb", 2, ErrorId.UnsupportedElfClass, "data encoding 2", e => e.Bytes[5] = 2),
        // 3: machine and type
        Obj("machine-i386", 3, ErrorId.WrongMachine, "i386", e => e.U16(18, EM_386)),
        Obj("type-exec", 3, ErrorId.UnsupportedFileType, "ELF type 2", e => e.U16(16, ET_EXEC)),
        Obj("type-core", 3, ErrorId.UnsupportedFileType, "ELF type 4", e => e.U16(16, 4)),
        // 4: record sizes
        Obj("shentsize-40", 4, Bad, "e_shentsize 40", e => e.U16(58, 40)),
        Obj("ehsize-52", 4, Bad, "e_ehsize 52", e => e.U16(52, 52)),
        // 5: section header table out of the file
        Obj("shoff-beyond-eof", 5, Bad, "beyond the end of the file", e => e.ShOff = (ulong)e.Bytes.Length + 0x1000),
        Obj("shoff-wraps", 5, Bad, "beyond the end of the file", e => e.ShOff = 0xffff_ffff_ffff_ffc0),
        Obj("shnum-beyond-eof", 5, Bad, "beyond the end of the file", e => e.ShNum = 0xfeff),
        // 6: extended section count that lies
        Obj("extended-shnum-lies", 6, Bad, "beyond the end of the file", e => { e.U64(e.Shdr(0) + 32, 100_000); e.ShNum = 0; }),
        Obj("extended-shnum-2^63", 6, Bad, "beyond the end of the file", e => { e.U64(e.Shdr(0) + 32, 1UL << 63); e.ShNum = 0; }),
        // 7: section name table index
        Obj("shstrndx-out-of-range", 7, Bad, "e_shstrndx", e => e.ShStrNdx = e.ShNum + 5),
        Obj("shstrndx-xindex-bad-link", 7, Bad, "e_shstrndx 9999", e => { e.SetLink(0, 9999); e.ShStrNdx = SHN_XINDEX; }),
        Obj("shstrndx-not-strtab", 7, Bad, "e_shstrndx", e => e.ShStrNdx = e.Section(".text")),
        // 8: section contents out of the file
        Obj("section-offset-past-eof", 8, Bad, "extends beyond the end of the file", e => e.SetOffset(e.Section(".text"), (ulong)e.Bytes.Length + 16)),
        Obj("section-offset-wraps", 8, Bad, "extends beyond the end of the file", e => e.SetOffset(e.Section(".text"), 0xffff_ffff_ffff_f000)),
        Obj("section-size-2^63", 8, Bad, "extends beyond the end of the file", e => e.SetSize(e.Section(".data"), 1UL << 63)),
        Obj("nobits-size-2^63", 8, Bad, "more than the address space holds", e => e.SetSize(e.Section(".bss"), 1UL << 63)),
        // 9: names
        Obj("sh-name-beyond-shstrtab", 9, Bad, "beyond .shstrtab", e => e.SetSectionName(e.Section(".text"), 0x10000)),
        Obj("strtab-unterminated", 9, Bad, "not NUL-terminated",
            e => e.Bytes[(int)(e.Offset((int)e.Link(e.Symtab)) + e.Size((int)e.Link(e.Symtab))) - 1] = (byte)'x'),
        Obj("shstrtab-unterminated", 9, Bad, "not NUL-terminated",
            e => e.Bytes[(int)(e.Offset(e.ShStrNdx) + e.Size(e.ShStrNdx)) - 1] = (byte)'x'),
        // 10: entry sizes
        Obj("symtab-entsize-16", 10, Bad, "sh_entsize 16", e => e.SetEntSize(e.Symtab, 16)),
        Obj("symtab-size-not-multiple", 10, Bad, "not a multiple", e => e.SetSize(e.Symtab, e.Size(e.Symtab) - 8)),
        Obj("rela-entsize-16", 10, Bad, "sh_entsize 16", e => e.SetEntSize(e.Section(".rela.text"), 16)),
        Obj("rela-size-not-multiple", 10, Bad, "not a multiple", e => e.SetSize(e.Section(".rela.text"), e.Size(e.Section(".rela.text")) - 4)),
        // 11: alignment
        Obj("align-3", 11, Bad, "invalid alignment 3", e => e.SetAlign(e.Section(".text"), 3)),
        Obj("align-2^33", 11, Bad, "invalid alignment 8589934592", e => e.SetAlign(e.Section(".data"), 1UL << 33)),
        // lld's limit is 32 bits (so 2^31 at most); 2^31 itself is legal ELF, but no output smaller than 2 GiB can hold it.
        Obj("align-2^32", 11, Bad, "sh_addralign is too large", e => e.SetAlign(e.Section(".data"), 1UL << 32)),
        Obj("align-2^63", 11, Bad, "sh_addralign is too large", e => e.SetAlign(e.Section(".text"), 1UL << 63)),
        Obj("align-2^31", 11, ErrorId.UnsupportedInput, "sh_addralign 2147483648", e => e.SetAlign(e.Section(".data"), 1UL << 31)),
        // 12: symbol table sh_info
        Obj("symtab-info-zero", 12, Bad, "sh_info 0", e => e.SetInfo(e.Symtab, 0)),
        Obj("symtab-info-beyond-count", 12, Bad, "is out of range", e => e.SetInfo(e.Symtab, (uint)e.SymbolCount + 1)),
        Obj("global-below-info", 12, Bad, "non-local symbol", e => e.SetInfo(e.Symtab, (uint)e.SymbolCount)),
        // Above sh_info only STB_GLOBAL, STB_WEAK and STB_GNU_UNIQUE mean anything.
        Obj("binding-3", 12, Bad, "symbol 'helper' has invalid binding 3", e => e.SetSymbolInfo(e.Symbol("helper"), (3 << 4) | STT_FUNC)),
        Obj("binding-15", 12, Bad, "symbol 'counter' has invalid binding 15", e => e.SetSymbolInfo(e.Symbol("counter"), (15 << 4) | STT_OBJECT)),
        // 13: symbol table sh_link
        Obj("symtab-link-out-of-range", 13, Bad, "sh_link 999", e => e.SetLink(e.Symtab, 999)),
        Obj("symtab-link-not-strtab", 13, Bad, "is not a string table", e => e.SetLink(e.Symtab, (uint)e.Section(".text"))),
        // 14: symbol names
        Obj("st-name-beyond-strtab", 14, Bad, "st_name 1048576", e => e.SetSymbolName(e.Symbol("helper"), 0x100000)),
        // 15: symbol section indices
        Obj("st-shndx-200", 15, Bad, "invalid section index 200", e => e.SetSymbolShndx(e.Symbol("helper"), 200)),
        Obj("shn-xindex-without-table", 15, Bad, "SHN_XINDEX", e => e.SetSymbolShndx(e.Symbol("helper"), SHN_XINDEX)),
        // A section symbol stands for its section; .rodata's is what .rela.data points `pointer` through.
        Obj("section-symbol-undef", 15, Bad, "has st_shndx SHN_UNDEF, so it names no section", e => e.SetSymbolShndx(e.SectionSymbol(".rodata"), SHN_UNDEF)),
        Obj("section-symbol-common", 15, Bad, "has st_shndx SHN_COMMON, so it names no section", e => e.SetSymbolShndx(e.SectionSymbol(".rodata"), SHN_COMMON)),
        // An extended index table must belong to the symbol table; .note.GNU-stack (empty) is turned into one over
        // .symtab's bytes, which is a valid table until its sh_link or sh_entsize is damaged.
        Obj("symtab-shndx-link-999", 15, Bad, ".note.GNU-stack has sh_link 999, which is not a symbol table", e => ExtendedIndexTable(e, 999, 4)),
        Obj("symtab-shndx-entsize-8", 15, Bad, ".note.GNU-stack has invalid sh_entsize 8 (expected 4)", e => ExtendedIndexTable(e, (uint)e.Symtab, 8)),
        // 16: common alignment
        Obj("common-align-0", 16, Bad, "invalid alignment 0", e => e.SetSymbolValue(e.Symbol("common_slot"), 0)),
        Obj("common-align-2^33", 16, Bad, "invalid alignment 8589934592", e => e.SetSymbolValue(e.Symbol("common_slot"), 1UL << 33)),
        Obj("common-size-2^63", 16, Bad, "more than the address space holds", e => e.U64(e.Sym(e.Symbol("common_slot")) + 16, 1UL << 63)),
        Obj("common-align-2^32", 16, Bad, "invalid alignment 4294967296", e => e.SetSymbolValue(e.Symbol("common_slot"), 1UL << 32)),
        // 17: TLS symbols and TLS relocations
        Obj("tls-symbol-in-data", 17, Bad, "not a TLS section", e => e.SetSymbolShndx(e.Symbol("tls_value"), (ushort)e.Section(".data"))),
        Obj("tls-reloc-against-data", 17, ErrorId.UnsupportedRelocation, "non-TLS symbol 'counter'", e =>
        {
            int rela = e.Section(".rela.text");
            e.SetRelaSymbol(rela, e.FirstRela(rela, 23 /* R_X86_64_TPOFF32 */), (uint)e.Symbol("counter"));
        }),
        // 18: relocation section targets
        Obj("rela-info-zero", 18, Bad, "invalid target section index 0", e => e.SetInfo(e.Section(".rela.text"), 0)),
        Obj("rela-info-999", 18, Bad, "invalid target section index 999", e => e.SetInfo(e.Section(".rela.text"), 999)),
        Obj("rela-targets-rela", 18, Bad, "cannot be relocated", e => e.SetInfo(e.Section(".rela.text"), (uint)e.Section(".rela.data"))),
        Obj("two-relas-one-target", 18, Bad, "more than one relocation section", e => e.SetInfo(e.Section(".rela.data"), (uint)e.Section(".text"))),
        // 19: relocation symbol index
        Obj("r-sym-2^31", 19, Bad, "invalid symbol index 2147483654", e => e.SetRelaSymbol(e.Section(".rela.text"), 0, 0x8000_0006)),
        // 20: relocation offset
        Obj("r-offset-past-section", 20, Bad, "lies outside the section", e =>
        {
            int rela = e.Section(".rela.text");
            e.SetRelaOffset(rela, 0, e.Size(e.Section(".text")) - 2);
        }),
        Obj("r-offset-wraps", 20, Bad, "lies outside the section", e => e.SetRelaOffset(e.Section(".rela.text"), 0, ulong.MaxValue - 1)),
        // 21: relocation type
        Obj("reloc-type-200", 21, ErrorId.UnsupportedRelocation, "relocation type", e => e.SetRelaType(e.Section(".rela.text"), 0, 200)),
        Obj("reloc-type-apx-43", 21, ErrorId.UnsupportedRelocation, "R_X86_64_CODE_4_GOTPCRELX", e => e.SetRelaType(e.Section(".rela.text"), 0, 43)),
        // A compact relocation section (clang -Wa,--crel) would otherwise be ignored, its relocations never applied.
        Obj("crel-section", 21, ErrorId.UnsupportedRelocation, "CREL (compact) relocations", e => e.SetType(e.Section(".rela.data"), SHT_CREL)),
        // 22: relaxation on the wrong instruction bytes
        new("tlsdesc-not-on-lea", 22, BaseInput.TlsDescObject, ErrorId.UnsupportedRelocation, "not on a 'lea x@tlsdesc(%rip), %reg' instruction", Elf: e =>
        {
            int rela = e.Section(".rela.text");
            int at = (int)(e.Offset(e.Section(".text")) + e.RelaOffset(rela, e.FirstRela(rela, 34 /* R_X86_64_GOTPC32_TLSDESC */)));
            e.Bytes[at - 2] = 0x8b; // lea → mov
        }),
        new("tlsdesc-at-offset-1", 22, BaseInput.TlsDescObject, ErrorId.UnsupportedRelocation, "R_X86_64_GOTPC32_TLSDESC", Elf: e =>
        {
            int rela = e.Section(".rela.text");
            e.SetRelaOffset(rela, e.FirstRela(rela, 34), 1);
        }),
        new("tlsdesc-call-not-on-call", 22, BaseInput.TlsDescObject, ErrorId.UnsupportedRelocation, "R_X86_64_TLSDESC_CALL", Elf: e =>
        {
            int rela = e.Section(".rela.text");
            int at = (int)(e.Offset(e.Section(".text")) + e.RelaOffset(rela, e.FirstRela(rela, 35 /* R_X86_64_TLSDESC_CALL */)));
            e.Bytes[at] = 0x90;
        }),
        // 23: mergeable sections
        Obj("merge-strings-unterminated", 23, Bad, "not NUL-terminated", e =>
        {
            int s = e.Section(".rodata.str1.1");
            e.Bytes[(int)(e.Offset(s) + e.Size(s)) - 1] = (byte)'x';
        }),
        Obj("merge-size-not-multiple", 23, Bad, "is not a multiple of its entry size", e => e.SetSize(e.Section(".rodata.cst8"), 7)),
        // A symbol's offset in a merged section is mapped to a piece, so past the end it names nothing (lld:
        // "offset is outside the section"; GNU ld: "access beyond end of merged section"). The end itself is allowed.
        Obj("merge-symbol-past-end", 23, Bad, "symbol '.LC0' has st_value 0x9, past the end of its merged section", e => e.SetSymbolValue(e.Symbol(".LC0"), 9)),
        Obj("merge-symbol-2^63", 23, Bad, "symbol '.LC0' has st_value 0x8000000000000000", e => e.SetSymbolValue(e.Symbol(".LC0"), 1UL << 63)),
        // 24: COMDAT groups
        Obj("group-signature-999", 24, Bad, "invalid signature symbol index 999", e => e.SetInfo(e.Section(".group"), 999)),
        Obj("group-unknown-flags", 24, Bad, "unknown flags 0x3", e => e.U32((int)e.Offset(e.Section(".group")), 3)),
        Obj("group-member-999", 24, Bad, "invalid section index 999", e => e.U32((int)e.Offset(e.Section(".group")) + 4, 999)),
        Obj("group-empty", 24, Bad, "is empty", e => e.SetSize(e.Section(".group"), 0)),
        Obj("group-entsize-8", 24, Bad, ".group has invalid sh_entsize 8 (expected 4)", e => e.SetEntSize(e.Section(".group"), 8)),
        Obj("group-link-999", 24, Bad, ".group has sh_link 999, which is not the symbol table", e => e.SetLink(e.Section(".group"), 999)),
        // 25: SHF_LINK_ORDER
        Obj("link-order-999", 25, Bad, "SHF_LINK_ORDER", e =>
        {
            int s = e.Section(".data");
            e.SetFlags(s, e.Flags(s) | SHF_LINK_ORDER);
            e.SetLink(s, 999);
        }),
        // 26: .eh_frame
        Obj("eh-frame-length-overruns", 26, Bad, "overruns the section", e => e.U32((int)e.Offset(e.Section(".eh_frame")), 0xfff0)),
        Obj("eh-frame-64-bit-length", 26, Bad, "64-bit DWARF", e => e.U32((int)e.Offset(e.Section(".eh_frame")), 0xffff_ffff)),
        Obj("eh-frame-record-too-short", 26, Bad, "too short", e => e.U32((int)e.Offset(e.Section(".eh_frame")), 2)),
        Obj("eh-frame-bad-cie-pointer", 26, Bad, "bad CIE pointer", e =>
        {
            int eh = (int)e.Offset(e.Section(".eh_frame"));
            int fde = eh + 4 + (int)e.U32(eh);
            e.U32(fde + 4, 0x7fff_ffff);
        }),
        Obj("eh-frame-unknown-augmentation", 26, Bad, "augmentation", e =>
        {
            int eh = (int)e.Offset(e.Section(".eh_frame"));
            e.Bytes[eh + 9] = (byte)'q'; // "zR" → "qR": the CIE's contents can no longer be read
        }),
        // 27: compressed sections
        Obj("compressed-short-header", 27, Bad, "compression header", e =>
        {
            int s = e.Section(".comment");
            e.SetFlags(s, SHF_COMPRESSED);
            e.SetSize(s, 10);
        }),
        Obj("compressed-unknown-type", 27, Bad, "unknown compression type 99", e =>
        {
            int s = e.Section(".comment");
            e.SetFlags(s, SHF_COMPRESSED);
            e.U32((int)e.Offset(s), 99);
            e.U64((int)e.Offset(s) + 8, 64);
            e.U64((int)e.Offset(s) + 16, 1);
        }),
        Obj("compressed-bomb", 27, Bad, "ch_size 1099511627776", e =>
        {
            int s = e.Section(".comment");
            e.SetFlags(s, SHF_COMPRESSED);
            e.U32((int)e.Offset(s), 1); // ELFCOMPRESS_ZLIB
            e.U64((int)e.Offset(s) + 8, 1UL << 40);
            e.U64((int)e.Offset(s) + 16, 1);
        }),
        // 28: archive framing
        Ar("ar-bad-magic", 28, ErrorId.NotElf, "file format not recognized", a => a.Bytes[3] = (byte)'x'),
        Ar("ar-truncated-header", 28, BadAr, "truncated member header", a => a.Truncate(a.FirstLongNameHeader() + 30)),
        Ar("ar-size-not-numeric", 28, BadAr, "invalid size field '12x4'", a => a.SetSize(a.Header(F.ShortMember + "/"), "12x4")),
        Ar("ar-size-oversize", 28, BadAr, "extends beyond the end of the archive", a => a.SetSize(a.Header(F.ShortMember + "/"), "9999999999")),
        Ar("ar-header-terminator", 28, BadAr, "bad member header magic", a => a.SetTerminator(a.Header(F.ShortMember + "/"), "xx")),
        // 29: long names and the symbol map
        Ar("ar-long-name-beyond-table", 29, BadAr, "long name offset 9999", a => a.SetName(a.FirstLongNameHeader(), "/9999")),
        Ar("ar-bsd-name-beyond-data", 29, BadAr, "BSD name length", a => a.SetName(a.Header(F.ShortMember + "/"), "#1/99999")),
        Ar("ar-armap-offset-not-header", 29, BadAr, "not a member header", a =>
        {
            int map = a.Header("/") + 60;
            // Big-endian: count, then one member offset per symbol.
            uint first = (uint)(a.Bytes[map + 4] << 24 | a.Bytes[map + 5] << 16 | a.Bytes[map + 6] << 8 | a.Bytes[map + 7]);
            uint moved = first + 2;
            a.Bytes[map + 4] = (byte)(moved >> 24); a.Bytes[map + 5] = (byte)(moved >> 16);
            a.Bytes[map + 6] = (byte)(moved >> 8); a.Bytes[map + 7] = (byte)moved;
        }),
        // 30: broken members, named lib.a(member)
        Ar("ar-member-wrong-machine", 30, ErrorId.WrongMachine, "i386", a =>
        {
            a.Bytes[a.FirstLongNameHeader() + 60 + 18] = (byte)EM_386;
        }, member: F.LongMember),
        Ar("ar-member-shoff-beyond", 30, Bad, "beyond the end of the file", a =>
        {
            int at = MemberData(a, F.ShortMember + "/");
            a.Bytes[at + 40 + 3] = 0x7f; // e_shoff += 0x7f000000
        }, member: F.ShortMember),
        Ar("ar-member-elf32", 30, ErrorId.WrongMachine, "ELF32", a => a.Bytes[MemberData(a, F.ShortMember + "/") + 4] = 1, member: F.ShortMember),
        // 31: shared object .dynamic
        Dso("dso-dynamic-entsize-8", 31, "sh_entsize 8", e => e.SetEntSize(e.SectionOfType(SHT_DYNAMIC), 8)),
        Dso("dso-dynamic-size-not-multiple", 31, "not a multiple of 16", e => e.SetSize(e.SectionOfType(SHT_DYNAMIC), e.Size(e.SectionOfType(SHT_DYNAMIC)) - 4)),
        Dso("dso-dynamic-link-not-strtab", 31, "does not link to a string table", e => e.SetLink(e.SectionOfType(SHT_DYNAMIC), (uint)e.SectionOfType(SHT_DYNSYM))),
        Dso("dso-soname-out-of-range", 31, "DT_SONAME offset 1048576", e => e.U64(e.DynamicValue(DT_SONAME), 0x100000)),
        Dso("dso-dynstr-unterminated", 31, "not NUL-terminated", e =>
        {
            int s = (int)e.Link(e.SectionOfType(SHT_DYNSYM));
            e.Bytes[(int)(e.Offset(s) + e.Size(s)) - 1] = (byte)'x';
        }),
        // 32: version chains
        Dso("verdef-next-beyond", 32, "vd_next", e => e.U32((int)e.Offset(e.SectionOfType(SHT_GNU_verdef)) + 16, 0x10000)),
        Dso("verdef-next-backwards", 32, "vd_next", e =>
        {
            // The second definition's vd_next points back at the first: a loop for a reader that adds it in 32 bits.
            int vd = (int)e.Offset(e.SectionOfType(SHT_GNU_verdef));
            int second = vd + (int)e.U32(vd + 16);
            e.U32(second + 16, unchecked((uint)-(second - vd)));
        }),
        Dso("verdef-aux-beyond", 32, "vd_aux", e => e.U32((int)e.Offset(e.SectionOfType(SHT_GNU_verdef)) + 12, 0x10000)),
        Dso("verdaux-next-beyond", 32, "vda_next", e =>
        {
            // V2 has two auxiliary entries (its name and its parent V1); the first's vda_next leaves the section.
            int vd = (int)e.Offset(e.SectionOfType(SHT_GNU_verdef));
            int third = vd + (int)e.U32(vd + 16);
            third += (int)e.U32(third + 16);
            e.U32(third + (int)e.U32(third + 12) + 4, 0x10000);
        }),
        Dso("verdef-count-lies", 32, "vd_cnt", e => e.U16((int)e.Offset(e.SectionOfType(SHT_GNU_verdef)) + 6, 0xffff)),
        Dso("verneed-next-beyond", 32, "vn_next", e => e.U32((int)e.Offset(e.SectionOfType(SHT_GNU_verneed)) + 12, 0x10000)),
        Dso("verneed-count-lies", 32, "vn_cnt", e => e.U16((int)e.Offset(e.SectionOfType(SHT_GNU_verneed)) + 2, 0xffff)),
        Dso("vernaux-next-backwards", 32, "vna_next", e =>
        {
            int vn = (int)e.Offset(e.SectionOfType(SHT_GNU_verneed));
            int aux = vn + (int)e.U32(vn + 8);
            e.U16(vn + 2, 2);
            e.U32(aux + 12, unchecked((uint)-16));
        }),
        Dso("versym-index-too-large", 32, "version index 32752", e => e.U16((int)e.Offset(e.SectionOfType(SHT_GNU_versym)) + 2, 0x7ff0)),
        Dso("versym-too-small", 32, ".gnu.version is smaller", e => e.SetSize(e.SectionOfType(SHT_GNU_versym), 2)),
        // 33: response files
        Rsp("rsp-unterminated-quote", "unterminated double quote", dir => WriteText(dir, "quote.rsp", "-static \"main.o\n")),
        Rsp("rsp-trailing-backslash", "trailing backslash", dir => WriteText(dir, "backslash.rsp", "-static main.o \\")),
        Rsp("rsp-self-inclusion", "includes itself", dir => WriteText(dir, "self.rsp", "-static @" + Path.Combine(dir, "self.rsp"))),
        Rsp("rsp-nested-11-deep", "nested more than 10 deep", dir =>
        {
            for (int i = 0; i < 11; i++) WriteText(dir, $"n{i}.rsp", $"@{Path.Combine(dir, $"n{i + 1}.rsp")}");
            WriteText(dir, "n11.rsp", "-static");
            return Path.Combine(dir, "n0.rsp");
        }),
        // 34: linker scripts
        Script("script-input-cycle", 34, ErrorId.MalformedLinkerScript, "includes itself", dir =>
            WriteText(dir, "cycle.ld", $"INPUT({Path.Combine(dir, "cycle.ld")})\n")),
        Script("script-indirect-cycle", 34, ErrorId.MalformedLinkerScript, "includes itself", dir =>
        {
            WriteText(dir, "b.ld", $"GROUP({Path.Combine(dir, "a.ld")})\n");
            return WriteText(dir, "a.ld", $"INPUT({Path.Combine(dir, "b.ld")})\n");
        }),
        // INCLUDE is read (ScriptParser); a file that includes itself is named, not followed into a stack overflow.
        Script("script-include-cycle", 34, ErrorId.MalformedLinkerScript, "includes itself", dir =>
            WriteText(dir, "include.ld", $"INCLUDE {Path.Combine(dir, "include.ld")}\n")),
        Script("script-unclosed-comment", 34, ErrorId.MalformedLinkerScript, "unclosed comment", dir =>
            WriteText(dir, "comment.ld", "/* GROUP ( libc.a )\n")),
        Script("script-unterminated-string", 34, ErrorId.MalformedLinkerScript, "unterminated string", dir =>
            WriteText(dir, "string.ld", "GROUP ( \"libc.a )\n")),
        Script("script-unterminated-group", 34, ErrorId.MalformedLinkerScript, "unterminated file list", dir =>
            WriteText(dir, "group.ld", "GROUP ( libc.a libm.a\n")),
        Script("script-nesting-20000", 34, ErrorId.MalformedLinkerScript, "nested too deeply", dir =>
            WriteText(dir, "deep.ld", "GROUP ( " + string.Concat(Enumerable.Repeat("AS_NEEDED ( ", 20_000)) + "\n")),
    ];
}
