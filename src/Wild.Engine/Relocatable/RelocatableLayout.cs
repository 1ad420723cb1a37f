// The layout of a relocatable output (-r): the section plan (RelocatableSectionPlan) and the symbol plan
// (RelocatableSymbolPlan), numbered and placed. Section header order: the null section, the kept groups (.group), each
// output section followed by its .rela section, then .symtab, .symtab_shndx (only when some section index does not fit
// in st_shndx), .strtab and .shstrtab; file order is the same, the section header table last. Immutable once built;
// RelocatableWriter fills the file from it.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableLayout
{
    public required SymbolResolution Resolution { get; init; }
    public required ushort Machine { get; init; }
    public required RelocatableSection[] Sections { get; init; }
    public required RelocatablePiece[] Pieces { get; init; }
    public required RelocatableGroup[] Groups { get; init; }
    public required int[][] SectionOut { get; init; }
    /// <summary>With -d: the output section the commons were given space in (-1: they stay common), and their offsets.</summary>
    public required int CommonSection { get; init; }
    public required Dictionary<int, ulong> CommonOffsets { get; init; }
    public required ulong[][] SectionOffset { get; init; }
    public required RelocatableSymbolPlan Symbols { get; init; }
    public required int SymtabIndex { get; init; }
    public required ulong SymtabOffset { get; init; }
    /// <summary>Header index of .symtab_shndx; 0 when every section index fits in st_shndx.</summary>
    public required int ShndxIndex { get; init; }
    public required ulong ShndxOffset { get; init; }
    public required int StrtabIndex { get; init; }
    public required ulong StrtabOffset { get; init; }
    public required int ShstrtabIndex { get; init; }
    public required ulong ShstrtabOffset { get; init; }
    /// <summary>.shstrtab's bytes, and each section's name offset in it (groups, sections, .rela sections, tables).</summary>
    public required byte[] SectionNames { get; init; }
    public required uint[] SectionNameOffsets { get; init; }
    public required int SectionCount { get; init; }
    public required ulong SectionHeaderOffset { get; init; }
    public required ulong FileSize { get; init; }
    /// <summary>With --build-id: the .note.gnu.build-id section (index into Sections); -1 without.</summary>
    public required int BuildIdSection { get; init; }
    /// <summary>With --gc-sections: what collection removed (the writer trims .eh_frame by it); null without.</summary>
    public required RelocatableGc? Gc { get; init; }
    /// <summary>e_entry (0 unless -e names one).</summary>
    public required ulong Entry { get; init; }

    public LinkOptions Options => Resolution.Options;

    /// <summary>The output section symbol of output section <paramref name="output"/>.</summary>
    public static int SectionSymbol(int output) => 1 + output;

    public static RelocatableLayout Build(SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics, PhaseTimings timings)
    {
        var arch = Arch.Architecture.ForLink(res);
        // As in a final link (and GNU ld -r): --require-defined names must be defined by some input.
        foreach (string name in res.Options.RequireDefined)
            if (res.Db.Lookup(name) is var id && (id.IsNone || res.Definition(id).IsNone))
                throw new LinkException(ErrorId.UndefinedSymbol, $"required symbol '{name}' not defined (--require-defined)");
        RelocatableSectionPlan plan;
        using (timings.Start("Relocatable sections")) plan = RelocatableSectionPlan.Build(res, arch.Machine, work, diagnostics);
        RelocatableSymbolPlan symbols;
        using (timings.Start("Relocatable symbols")) symbols = RelocatableSymbolPlan.Build(res, plan, work);
        RelocatableSection[] sections;
        using (timings.Start("Compress debug sections")) sections = RelocatableDebugCompression.Apply(res, plan, work);
        using (timings.Start("Relocatable layout")) return Place(res, arch.Machine, plan, sections, symbols, EntryPoint(res, plan, diagnostics));
    }

    /// <summary>e_entry: GNU ld -r sets it only when -e names the entry (a symbol's offset in its section, as sections
    /// lie at address 0, or a number); a name nothing defines is a warning and no entry, in GNU ld's words.</summary>
    private static ulong EntryPoint(SymbolResolution res, RelocatableSectionPlan plan, DiagnosticBag diagnostics)
    {
        if (res.Options.Entry is not { } entry) return 0;
        var db = res.Db;
        var name = db.Lookup(entry);
        var def = name.IsNone ? new Symbols.SymbolId(-1) : res.Definition(name);
        if (!def.IsNone && !res.IsSynthetic(def) && !res.Objects[db.FileOf(def)].IsShared)
        {
            var file = db.FileOf(def);
            int index = def.Value - db.FirstSymbol(file);
            var sym = res.Objects[file].Symbols[index];
            if (sym.IsAbsolute) return sym.Value;
            int section = sym.IsCommon ? 0 : res.Objects[file].SymbolSection(index);
            if (section != 0 && plan.SectionOut[file][section] >= 0) return sym.Value + plan.SectionOffset[file][section];
        }
        if (entry.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(entry.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out ulong number)
                : ulong.TryParse(entry, out number))
            return number;
        diagnostics.Warn($"cannot find entry symbol {entry}; not setting start address");
        return 0;
    }

    private static RelocatableLayout Place(SymbolResolution res, ushort machine, RelocatableSectionPlan plan, RelocatableSection[] sections,
        RelocatableSymbolPlan symbols, ulong entry)
    {
        var groups = plan.Groups;
        // Header indices: groups, then each section and its .rela, then the tables.
        int index = 1 + groups.Length;
        var headerOf = new int[sections.Length];
        var relaHeaderOf = new int[sections.Length];
        for (int i = 0; i < sections.Length; i++)
        {
            headerOf[i] = index++;
            if (sections[i].RelaCount > 0) relaHeaderOf[i] = index++;
        }
        int symtab = index++;
        // st_shndx holds 16 bits; an index from SHN_LORESERVE up goes to .symtab_shndx, with st_shndx = SHN_XINDEX.
        int shndx = symtab - 1 >= SHN_LORESERVE ? index++ : 0;
        int strtab = index++;
        int shstrtab = index++;
        int count = index;

        // .shstrtab, sized first and then filled: a section with relocations shares its name with ".rela<name>" (its
        // name is the tail of that string, as GNU ld writes it), so each name is stored once.
        var nameOffsets = new uint[count];
        string[] fixedNames = [".group", ".symtab", ".symtab_shndx", ".strtab", ".shstrtab"];
        long size = 1;
        foreach (string n in fixedNames) size += n.Length + 1;
        foreach (var s in sections) size += s.Name.Length + 1 + (s.RelaCount > 0 ? 5 : 0);
        if (size > uint.MaxValue)
            throw new LinkException(ErrorId.OutputFailed, $"{res.Options.OutputPath}: the section names need more than 4 GiB", res.Options.OutputPath);
        var names = new byte[size];
        int at = 1;
        uint Fixed(string name)
        {
            uint offset = (uint)at;
            at += Encoding.ASCII.GetBytes(name, names.AsSpan(at)) + 1;
            return offset;
        }
        uint groupName = Fixed(".group");
        for (int g = 0; g < groups.Length; g++) nameOffsets[1 + g] = groupName;
        for (int i = 0; i < sections.Length; i++)
        {
            var name = sections[i].Name;
            if (relaHeaderOf[i] != 0)
            {
                nameOffsets[relaHeaderOf[i]] = (uint)at;
                ".rela"u8.CopyTo(names.AsSpan(at));
                at += 5;
            }
            nameOffsets[headerOf[i]] = (uint)at;
            name.CopyTo(names.AsSpan(at, name.Length));
            at += name.Length + 1;
        }
        nameOffsets[symtab] = Fixed(".symtab");
        uint shndxName = Fixed(".symtab_shndx");
        if (shndx != 0) nameOffsets[shndx] = shndxName;
        nameOffsets[strtab] = Fixed(".strtab");
        nameOffsets[shstrtab] = Fixed(".shstrtab");

        // File offsets, in header order.
        ulong offset = Elf64HeaderSize;
        var placedGroups = new RelocatableGroup[groups.Length];
        for (int g = 0; g < groups.Length; g++)
        {
            ulong words = 1;
            foreach (int member in groups[g].Members) words += relaHeaderOf[member] != 0 ? 2UL : 1UL;
            offset = OutputSectionRules.AlignUp(offset, 4);
            placedGroups[g] = groups[g] with { HeaderIndex = 1 + g, FileOffset = offset, Size = words * 4 };
            offset += words * 4;
        }
        var placed = new RelocatableSection[sections.Length];
        for (int i = 0; i < sections.Length; i++)
        {
            var s = sections[i];
            offset = OutputSectionRules.AlignUp(offset, s.Align);
            ulong start = offset;
            if (s.Type != SHT_NOBITS) offset += s.Size;
            ulong relaAt = 0;
            if (s.RelaCount > 0)
            {
                offset = OutputSectionRules.AlignUp(offset, 8);
                relaAt = offset;
                offset += (ulong)s.RelaCount * RelaSize;
            }
            placed[i] = s with { HeaderIndex = headerOf[i], RelaHeaderIndex = relaHeaderOf[i], FileOffset = start, RelaFileOffset = relaAt };
        }
        offset = OutputSectionRules.AlignUp(offset, 8);
        ulong symtabOffset = offset;
        offset += (ulong)symbols.SymbolCount * SymbolSize;
        ulong shndxOffset = 0;
        if (shndx != 0)
        {
            shndxOffset = offset;
            offset += (ulong)symbols.SymbolCount * 4;
        }
        ulong strtabOffset = offset;
        offset += symbols.StringTableSize;
        ulong shstrtabOffset = offset;
        offset += (ulong)names.Length;
        offset = OutputSectionRules.AlignUp(offset, 8);
        ulong sectionHeaders = offset;
        offset += (ulong)count * SectionHeaderSize;

        return new RelocatableLayout
        {
            Resolution = res,
            Machine = machine,
            Sections = placed,
            Pieces = plan.Pieces,
            Groups = placedGroups,
            SectionOut = plan.SectionOut,
            CommonSection = plan.CommonSection,
            CommonOffsets = plan.CommonOffsets,
            SectionOffset = plan.SectionOffset,
            Symbols = symbols,
            SymtabIndex = symtab,
            SymtabOffset = symtabOffset,
            ShndxIndex = shndx,
            ShndxOffset = shndxOffset,
            StrtabIndex = strtab,
            StrtabOffset = strtabOffset,
            ShstrtabIndex = shstrtab,
            ShstrtabOffset = shstrtabOffset,
            SectionNames = names,
            SectionNameOffsets = nameOffsets,
            SectionCount = count,
            SectionHeaderOffset = sectionHeaders,
            FileSize = offset,
            Entry = entry,
            BuildIdSection = plan.BuildIdSection,
            Gc = plan.Gc,
        };
    }
}
