// Relocatable output, step 1: which output section each kept input section joins and at which offset. As GNU ld -r
// does, sections are merged by name only (.text.foo stays apart from .text); members of a section group and
// SHF_LINK_ORDER sections stay one output section each, since their group or their link must stay theirs, and so do
// the sections --unique names (RelocatableUnique); --force-group-allocation makes group members ordinary sections.
// Nothing is relaxed or merged by content: mergeable sections are concatenated, as GNU ld -r leaves them (still valid
// tables for the final link to merge), and .eh_frame is copied whole, its CIEs and FDEs as the inputs wrote them.
// Symbols are RelocatableSymbolPlan's; header indices and file offsets are RelocatableLayout's.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableSectionPlan
{
    private RelocatableSectionPlan(RelocatableSection[] sections, RelocatablePiece[] pieces, RelocatableGroup[] groups,
        int[][] sectionOut, ulong[][] sectionOffset, int commonSection, Dictionary<int, ulong> commonOffsets, int buildIdSection, RelocatableGc? gc)
    {
        Gc = gc;
        BuildIdSection = buildIdSection;
        CommonSection = commonSection;
        CommonOffsets = commonOffsets;
        Sections = sections;
        Pieces = pieces;
        Groups = groups;
        SectionOut = sectionOut;
        SectionOffset = sectionOffset;
    }

    public RelocatableSection[] Sections { get; }
    public RelocatablePiece[] Pieces { get; }
    public RelocatableGroup[] Groups { get; }
    /// <summary>Per loaded file (by FileId, null for others), per input section: its output section, -1 when dropped.</summary>
    public int[][] SectionOut { get; }

    /// <summary>With -d: the output section (.bss) the common symbols were given space in; -1 when they stay common.</summary>
    public int CommonSection { get; }
    /// <summary>With -d: each common name's (NameId's) offset in <see cref="CommonSection"/>.</summary>
    public Dictionary<int, ulong> CommonOffsets { get; }

    /// <summary>With --gc-sections: what collection removed; null without.</summary>
    public RelocatableGc? Gc { get; }

    /// <summary>With --build-id: the .note.gnu.build-id section, whose descriptor is hashed once the rest is written; -1 without.</summary>
    public int BuildIdSection { get; }

    /// <summary>SectionOut's value for a kept SHT_GROUP section: below -1, so no content check takes it for an output section.</summary>
    public static int GroupMarker(int group) => -2 - group;

    /// <summary>The group a SectionOut value below -1 stands for.</summary>
    public static int GroupOf(int marker) => -2 - marker;
    /// <summary>Per loaded file, per input section: its offset in its output section.</summary>
    public ulong[][] SectionOffset { get; }

    // The llvm address-significance table and call-graph profile hold symbol indices in their contents, which -r
    // renumbers: they are dropped (the final link then takes every symbol as address-significant, which is safe).
    private const uint SHT_LLVM_CALL_GRAPH_PROFILE = 0x6fff4c09;

    /// <summary>An output section while it is being gathered.</summary>
    private sealed class Gather(RelocatableName name, int group, int linkFile, int linkSection)
    {
        public readonly RelocatableName Name = name;
        public readonly int Group = group, LinkFile = linkFile, LinkSection = linkSection;
        public uint Type;
        public ulong Flags, Align = 1, EntrySize, Size;
        public bool First = true;
        public int RelaCount, PieceCount;
        /// <summary>File of the first piece (a group member's gather has exactly one).</summary>
        public FileId FirstFile = FileId.None;
        public byte[]? Contents;
    }

    public static RelocatableSectionPlan Build(SymbolResolution res, ushort machine, ParallelWork work, DiagnosticBag diagnostics)
    {
        var objects = res.Objects;
        var loaded = res.LoadedFiles;
        // GNU ld refuses a shared object with -r too ("attempted static link of dynamic object"): nothing of it can go
        // into an ET_REL file, and dropping it would lose the dependency.
        foreach (var obj in objects)
            if (obj.IsShared)
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{obj.DisplayName}: a shared object cannot be an input of a relocatable output (-r)", obj.DisplayName);
        foreach (var f in loaded)
        {
            var obj = objects[f];
            if (obj.HasGccLtoSections || obj.HasLlvmLtoSection)
                throw new LinkException(ErrorId.UnsupportedInput,
                    $"{obj.DisplayName}: link-time-optimisation (IR) sections with -r are not implemented; build the object without -flto",
                    obj.DisplayName);
        }

        // Per object, which relocation section applies to which section and which group holds which member: read
        // in parallel, since every section header of every object is looked at.
        var relaOf = new int[objects.Length][];
        var groupOf = new int[objects.Length][];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            var rela = new int[headers.Length];
            var group = new int[headers.Length];
            for (int s = 1; s < headers.Length; s++)
            {
                if (headers[s].Type == SHT_RELA) rela[headers[s].Info] = s;
                else if (headers[s].Type == SHT_REL)
                    throw new LinkException(ErrorId.UnsupportedInput,
                        $"{obj.DisplayName}: section [{s}] {obj.SectionNameString(s)} holds SHT_REL relocations, which x86-64 and AArch64 objects do not use", obj.DisplayName);
                else if (headers[s].Type == SHT_GROUP)
                    foreach (uint member in MemoryMarshal.Cast<byte, uint>(obj.SectionData(s))[1..])
                        group[member] = s;
            }
            relaOf[f] = rela;
            groupOf[f] = group;
        });

        var gc = RelocatableGc.Build(res, diagnostics);
        var gathers = new List<Gather>();
        var byName = new Dictionary<NameKey, int>(new NameKeyComparer());
        var sectionOut = new int[objects.Length][];
        var sectionOffset = new ulong[objects.Length][];
        var groups = new List<(FileId File, int Section, uint Flags)>();
        var groupIds = new Dictionary<(FileId File, int Section), int>();
        var propertyNotes = new List<byte[]>();
        var propertyNoteFiles = new List<string>();
        // Every piece in input order; grouped by output section at the end (a counting sort: one list, not one per section).
        var pieces = new List<RelocatablePiece>();
        int stackNotes = 0, executableStackNotes = 0;
        bool stripDebug = res.Options.StripDebug || res.Options.StripAll;
        bool forceGroups = res.Options.ForceGroupAllocation;
        bool unique = res.Options.UniqueOrphans || res.Options.UniqueSections.Count > 0;
        string? missingStackNote = null;
        foreach (var f in loaded)
        {
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            var outOf = sectionOut[f] = new int[headers.Length];
            var offsetOf = sectionOffset[f] = new ulong[headers.Length];
            outOf[0] = -1;
            byte[]? property = null;
            bool stackNote = false, hasCode = false;
            for (int s = 1; s < headers.Length; s++)
            {
                outOf[s] = -1;
                ref readonly var h = ref headers[s];
                hasCode |= h.IsExecutable && h.Size > 0;
                if (h.Type is SHT_NULL or SHT_SYMTAB or SHT_RELA or SHT_SYMTAB_SHNDX or SHT_LLVM_ADDRSIG or SHT_LLVM_CALL_GRAPH_PROFILE
                    || res.IsDiscarded(f, s))
                    continue;
                // --gc-sections: what is unreachable goes (its group with it); each object's stack note still counts.
                if (gc is not null && gc.Removes(res, f, s) && !obj.SectionNameIs(s, ".note.GNU-stack"u8)) continue;
                // An .eh_frame left without records goes whole, its relocations too (GNU ld excludes it).
                if (gc?.EhFrame(f, s) is { OutputSize: 0 }) continue;
                if (h.Type == SHT_GROUP)
                {
                    // --force-group-allocation: the members become ordinary sections; the kept copy is still the only one.
                    if (forceGroups) continue;
                    // A COMDAT group is kept when resolution kept its members (the first group of its signature).
                    var words = MemoryMarshal.Cast<byte, uint>(obj.SectionData(s));
                    if ((words[0] & GRP_COMDAT) == 0 || words.Length == 1 || !res.IsDiscarded(f, (int)words[1]))
                    {
                        // GCC names some groups by a local symbol defined in the group section itself (the D5
                        // destructor groups); such a symbol follows the group to its output .group section.
                        outOf[s] = GroupMarker(groups.Count);
                        groupIds[(f, s)] = groups.Count;
                        groups.Add((f, s, words[0]));
                    }
                    continue;
                }
                // -S and -s drop the debug sections (and their relocations), as GNU ld -r does.
                if (stripDebug && !h.IsAlloc && (obj.SectionNameStartsWith(s, ".debug"u8) || obj.SectionNameStartsWith(s, ".zdebug"u8)))
                    continue;
                // The symbol table's names and the section names are rebuilt; any other string table is content.
                if (h.Type == SHT_STRTAB && !h.IsAlloc && (s == (int)headers[obj.SymtabIndex].Link || obj.SectionNameIs(s, ".shstrtab"u8)))
                    continue;
                // Notes the final link reads as one per object are merged here, for the output as one object.
                if (obj.SectionNameIs(s, ".note.GNU-stack"u8))
                {
                    stackNote = true;
                    stackNotes++;
                    if (h.IsExecutable) executableStackNotes++;
                    continue;
                }
                if (h.Type == SHT_NOTE && obj.SectionNameIs(s, ".note.gnu.property"u8))
                {
                    property = property is null ? obj.SectionData(s).ToArray() : [.. property, .. obj.SectionData(s)];
                    continue;
                }
                int linkFile = -1, linkSection = 0;
                if ((h.Flags & SHF_LINK_ORDER) != 0)
                {
                    // The section describes the one it links to; without it, it describes nothing (GNU ld drops it too).
                    if (h.Link == 0 || res.IsDiscarded(f, (int)h.Link)) continue;
                    (linkFile, linkSection) = (f, (int)h.Link);
                }
                int groupSection = forceGroups ? 0 : groupOf[f][s];
                // A legacy-compressed .zdebug_* section is written decompressed, so under its .debug_* name (as GNU ld does).
                int skip = obj.IsCompressed(s) && obj.SectionNameStartsWith(s, ".zdebug"u8) ? 1 : 0;
                int id;
                if (groupSection != 0 || linkFile >= 0 || (unique && RelocatableUnique.IsUnique(res.Options, machine, obj.SectionName(s))))
                {
                    id = gathers.Count;
                    gathers.Add(new Gather(new RelocatableName(obj, s, skip, null), groupSection != 0 ? -2 - groupSection : -1, linkFile, linkSection));
                }
                else
                {
                    var key = NameKey.Of(obj, s, skip);
                    if (!byName.TryGetValue(key, out id))
                    {
                        id = gathers.Count;
                        byName.Add(key, id);
                        gathers.Add(new Gather(new RelocatableName(obj, s, skip, null), -1, -1, 0));
                    }
                }
                var piece = Add(gathers[id], id, res, gc, f, s, relaOf[f][s]);
                pieces.Add(piece);
                outOf[s] = id;
                offsetOf[s] = piece.Offset;
            }
            // The same rule as the final link's: an object with code but no property note weakens the AND-merged properties.
            if (property is not null || hasCode)
            {
                propertyNotes.Add(property ?? []);
                propertyNoteFiles.Add(obj.DisplayName);
            }
            if (!stackNote) missingStackNote ??= obj.DisplayName;
        }

        // A group's members were gathered with the group's input section as a placeholder (-2 - section); now that the
        // kept groups are numbered, each member names its group. Members of a dropped group were dropped with it.
        var groupMembers = new List<int>[groups.Count];
        for (int i = 0; i < groupMembers.Length; i++) groupMembers[i] = [];
        for (int id = 0; id < gathers.Count; id++)
        {
            var g = gathers[id];
            if (g.Group >= -1) continue;
            groupMembers[groupIds[(g.FirstFile, -2 - g.Group)]].Add(id);
        }

        if (res.LoadedFiles.Any(f => res.Objects[f].Machine == EM_X86_64)) Arch.X86_64.ReportMissingProperties(res.Options, propertyNotes, propertyNoteFiles, diagnostics);
        AddNotes(res.Options, machine, gathers, propertyNotes, stackNotes, executableStackNotes, missingStackNote, diagnostics);
        int buildIdSection = AddBuildIdNote(res.Options, gathers);
        var commonOffsets = new Dictionary<int, ulong>();
        int commonSection = res.Options.AllocateCommons && res.Commons.Length > 0 ? AllocateCommons(res, gathers, commonOffsets) : -1;

        var sections = new RelocatableSection[gathers.Count];
        var firstPiece = new int[gathers.Count];
        int at = 0;
        for (int id = 0; id < gathers.Count; id++)
        {
            var g = gathers[id];
            int group = g.Group >= -1 ? -1 : groupIds[(g.FirstFile, -2 - g.Group)];
            ulong flags = g.Flags | (group >= 0 ? SHF_GROUP : 0);
            firstPiece[id] = at;
            sections[id] = new RelocatableSection(g.Name, g.Type, flags, g.Align, g.EntrySize, g.Size, at, g.PieceCount,
                g.RelaCount, group, g.LinkFile, g.LinkSection, g.Contents);
            at += g.PieceCount;
        }
        var ordered = new RelocatablePiece[pieces.Count];
        foreach (var piece in pieces) ordered[firstPiece[piece.Output]++] = piece;
        var groupRecords = new RelocatableGroup[groups.Count];
        for (int i = 0; i < groups.Count; i++)
            groupRecords[i] = new RelocatableGroup(groups[i].File, groups[i].Section, groups[i].Flags, [.. groupMembers[i]]);
        return new RelocatableSectionPlan(sections, ordered, groupRecords, sectionOut, sectionOffset, commonSection, commonOffsets, buildIdSection, gc);
    }

    /// <summary>Places input section <paramref name="s"/> at the end of <paramref name="g"/>, merging its flags: the
    /// output is mergeable (SHF_MERGE, SHF_STRINGS, sh_entsize) only if every input agrees, and holds file bytes
    /// unless every input is SHT_NOBITS. Compressed inputs are placed by their decompressed size and alignment; with
    /// --gc-sections an .eh_frame by its size without the records of removed functions.</summary>
    private static RelocatablePiece Add(Gather g, int id, SymbolResolution res, RelocatableGc? gc, FileId f, int s, int rela)
    {
        var obj = res.Objects[f];
        ref readonly var h = ref obj.SectionHeaders[s];
        const ulong mergeBits = SHF_MERGE | SHF_STRINGS;
        ulong flags = h.Flags & ~(SHF_GROUP | SHF_COMPRESSED);
        if (g.First)
        {
            g.Type = h.Type;
            g.Flags = flags;
            g.EntrySize = h.EntrySize;
            g.First = false;
        }
        else
        {
            if ((g.Flags & mergeBits) != (flags & mergeBits) || g.EntrySize != h.EntrySize)
            {
                g.Flags &= ~mergeBits;
                if (g.EntrySize != h.EntrySize) g.EntrySize = 0;
            }
            g.Flags |= flags & ~mergeBits;
            if (g.Type == SHT_NOBITS && h.Type != SHT_NOBITS) g.Type = h.Type;
        }
        ulong align = Math.Max(1, obj.ContentAlign(s));
        // .eh_frame records are packed at 4 bytes: a gap of zeros between two inputs' records (one trimmed by
        // --gc-sections, or any whose size is not a multiple of 8) would read as the terminator to a frame walker.
        ulong offset = OutputSectionRules.AlignUp(g.Size, obj.SectionNameIs(s, ".eh_frame"u8) ? Math.Min(align, 4) : align);
        g.Align = Math.Max(g.Align, align);
        var eh = gc?.EhFrame(f, s);
        g.Size = offset + (h.Type == SHT_NOBITS ? h.Size : eh is not null ? (ulong)eh.OutputSize : obj.ContentSize(s));
        // A kept section pointing into a COMDAT copy this link dropped: GNU ld -r refuses it as its final link does.
        if (rela != 0 && h.IsAlloc && res.HasDiscarded(f) && !obj.SectionNameIs(s, ".eh_frame"u8)
            && Layout.DiscardedComdatReferences.Find(res, f, s, obj.Relocations(rela)) is { } discarded)
            throw discarded;
        int count = rela == 0 ? 0 : obj.Relocations(rela).Length;
        if (gc is not null && rela != 0 && !h.IsAlloc)
            foreach (ref readonly var rel in obj.Relocations(rela))
                if (gc.RemovesTarget(res, f, rel.SymbolIndex)) count--;
        var piece = new RelocatablePiece(id, f, s, offset, rela, g.RelaCount, count);
        g.RelaCount += count;
        g.PieceCount++;
        if (g.FirstFile < 0) g.FirstFile = f;
        return piece;
    }

    /// <summary>-d with -r: each common symbol (largest size, largest alignment) gets space at the end of .bss (made if
    /// no input has one), in NameId order, as GNU ld gives them space in .bss; returns that section.</summary>
    private static int AllocateCommons(SymbolResolution res, List<Gather> gathers, Dictionary<int, ulong> offsets)
    {
        var sizes = new Dictionary<int, ulong>();
        var db = res.Db;
        foreach (var f in res.LoadedFiles)
        {
            var syms = res.Objects[f].Symbols;
            int first = db.FirstSymbol(f);
            for (int s = res.Objects[f].FirstGlobal; s < syms.Length; s++)
                if (syms[s].IsCommon)
                {
                    if (syms[s].IsLargeCommon)
                        throw new LinkException(ErrorId.UnsupportedInput,
                            $"{res.Objects[f].DisplayName}: -d (--define-common) with -r: the large common symbol '{db.NameString(db.NameOf(new Symbols.SymbolId(first + s)))}' would need .lbss, which wild does not make in a relocatable link; leave out -d",
                            res.Objects[f].DisplayName);
                    int name = db.NameOf(new Symbols.SymbolId(first + s)).Value;
                    sizes[name] = Math.Max(sizes.GetValueOrDefault(name), syms[s].Size);
                }
        }
        int id = gathers.FindIndex(g => g.Group == -1 && g.LinkFile < 0 && g.Contents is null && g.Name.ToString() == ".bss");
        if (id < 0)
        {
            id = gathers.Count;
            gathers.Add(new Gather(RelocatableName.Of(".bss"), -1, -1, 0) { Type = SHT_NOBITS, Flags = SHF_ALLOC | SHF_WRITE, First = false });
        }
        var bss = gathers[id];
        foreach (var (name, align) in res.Commons)
        {
            ulong offset = OutputSectionRules.AlignUp(bss.Size, Math.Max(1, align));
            offsets[name.Value] = offset;
            bss.Size = offset + sizes.GetValueOrDefault(name.Value);
            bss.Align = Math.Max(bss.Align, align);
        }
        return id;
    }

    /// <summary>The notes: --package-metadata's, and the two the final link reads per object, for the output as one object: .note.gnu.property merged
    /// as a final link of that machine merges it (x86-64's ISA and feature bits, AArch64's BTI/PAC AND), and .note.GNU-stack executable if any input's is, or if some input has none while
    /// others have one (GNU ld's rule: a missing note means an executable stack). -z execstack / noexecstack decide
    /// when given. No input with a note and no -z option: no note, as the inputs said nothing.</summary>
    private static void AddNotes(LinkOptions options, ushort machine, List<Gather> gathers, List<byte[]> propertyNotes, int stackNotes,
        int executableStackNotes, string? missingStackNote, DiagnosticBag diagnostics)
    {
        if (PropertyNote.Merge(options, [.. propertyNotes], machine) is { } property)
            gathers.Add(new Gather(RelocatableName.Of(".note.gnu.property"), -1, -1, 0)
                { Type = SHT_NOTE, Flags = SHF_ALLOC, Align = 8, Size = (ulong)property.Length, Contents = property });
        // --package-metadata: GNU ld -r writes the note into the partial object too.
        if (options.PackageMetadata is { } metadata)
        {
            byte[] package = SyntheticSectionBuilder.PackageNote(metadata);
            gathers.Add(new Gather(RelocatableName.Of(".note.package"), -1, -1, 0)
                { Type = SHT_NOTE, Flags = SHF_ALLOC, Align = 4, Size = (ulong)package.Length, Contents = package });
        }
        bool? executable = options.Z.ExecStack;
        if (executable is null && stackNotes > 0)
        {
            executable = executableStackNotes > 0 || missingStackNote is not null;
            if (missingStackNote is not null && executableStackNotes == 0 && options.WarnExecStack)
                diagnostics.Warn($"{missingStackNote}: missing .note.GNU-stack section implies executable stack");
        }
        if (executable is bool x)
            gathers.Add(new Gather(RelocatableName.Of(".note.GNU-stack"), -1, -1, 0) { Type = SHT_PROGBITS, Flags = x ? SHF_EXECINSTR : 0, Contents = [] });
    }

    /// <summary>--build-id: GNU ld -r writes a .note.gnu.build-id (an NT_GNU_BUILD_ID note) into the partial object
    /// too, its descriptor a hash of the output; here with a zero descriptor that RelocatableWriter.FillBuildId fills
    /// once every other byte is written, as a final link's is. Returns the section, -1 without --build-id.</summary>
    private static int AddBuildIdNote(LinkOptions options, List<Gather> gathers)
    {
        if (options.BuildId == BuildIdKind.None) return -1;
        int length = SyntheticSectionBuilder.BuildIdLength(options);
        var note = new byte[16 + ((length + 3) & ~3)];
        BitConverter.TryWriteBytes(note.AsSpan(0), 4);
        BitConverter.TryWriteBytes(note.AsSpan(4), length);
        BitConverter.TryWriteBytes(note.AsSpan(8), NT_GNU_BUILD_ID);
        "GNU\0"u8.CopyTo(note.AsSpan(12));
        gathers.Add(new Gather(RelocatableName.Of(".note.gnu.build-id"), -1, -1, 0)
            { Type = SHT_NOTE, Flags = SHF_ALLOC, Align = 4, Size = (ulong)note.Length, Contents = note, First = false });
        return gathers.Count - 1;
    }

    /// <summary>A section name, compared as bytes where it lies in its object's name table (no string per input
    /// section): its first byte, then the rest after <see cref="Skip"/> bytes (1 for .zdebug_*, which is .debug_*).</summary>
    private readonly record struct NameKey(ObjectFile Object, int Section, int Skip, int HashCode)
    {
        public static NameKey Of(ObjectFile obj, int section, int skip)
        {
            var name = obj.SectionName(section);
            var h = new HashCode();
            if (name.Length > 0)
            {
                h.Add(name[0]);
                h.AddBytes(name[(1 + skip)..]);
            }
            return new NameKey(obj, section, skip, h.ToHashCode());
        }

        public ReadOnlySpan<byte> Name => Object.SectionName(Section);
        public ReadOnlySpan<byte> Tail => Name.Length == 0 ? default : Name[(1 + Skip)..];
    }

    private sealed class NameKeyComparer : IEqualityComparer<NameKey>
    {
        public bool Equals(NameKey a, NameKey b) =>
            a.HashCode == b.HashCode && a.Name.Length - a.Skip == b.Name.Length - b.Skip
            && (a.Name.Length == 0 || a.Name[0] == b.Name[0]) && a.Tail.SequenceEqual(b.Tail);

        public int GetHashCode(NameKey key) => key.HashCode;
    }
}
