// Builds a LinkMap from a finished Layout: reads which input sections each output section holds and
// where, which symbols they define, what gc removed and what resolution loaded from archives. Runs only
// when a map is asked for (-Map, --why-extract, --cref, the cmdlets), so it may allocate freely; it never
// changes the layout, and placing sections is the layout phases' business (LinkPipeline.LayOut).
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Reports;

internal static class LinkMapBuilder
{
    /// <param name="crossReferences">Also index every global name's definition and references (--cref, the cmdlets).</param>
    public static LinkMap Build(Layout.Layout layout, bool crossReferences = true)
    {
        var res = layout.Resolution;
        var objects = layout.Objects;
        var symbols = CollectSymbols(layout);
        var pulledBy = PulledBy(res);

        var outputs = new List<LinkMapOutputSection>(layout.Sections.Length);
        foreach (var os in layout.Sections)
        {
            var inputs = new List<LinkMapInputSection>(os.InputSections.Count);
            foreach (var r in os.InputSections)
            {
                var flat = layout.Map.Flat(r.File, r.Section);
                // A merge group's carrier stands for the whole merged section, and .eh_frame loses dead FDEs.
                ulong size = layout.MergeOf(r.File, r.Section) is { } merged ? merged.Group.Size
                    : layout.Map.EhFrameBySection.TryGetValue(flat, out var eh) ? (ulong)eh.OutputSize
                    : objects[r.File].ContentSize(r.Section);
                inputs.Add(Input(objects[r.File], r.File, r.Section, pulledBy) with
                {
                    OutputSection = os.Name,
                    Address = os.IsAlloc ? layout.SectionAddress(r.File, r.Section) : 0,
                    Size = size,
                    Symbols = symbols.TryGetValue(flat, out var list) ? list : [],
                });
                if (layout.Thunks is { } thunks && thunks.AreaSizeAfter(flat) > 0)
                    inputs.Add(Veneers(layout, thunks, thunks.GroupOf(flat), os.Name, inputs[^1].InputSection));
            }
            outputs.Add(new LinkMapOutputSection(os.Name, os.Address, os.FileOffset, os.Size, os.Align, os.Type, os.Flags, inputs));
        }

        var discarded = new List<LinkMapInputSection>();
        if (layout.Options.GcSections)
            foreach (var f in res.LoadedFiles)
            {
                var obj = objects[f];
                if (obj.IsShared) continue;
                for (int s = 1; s < obj.SectionCount; s++)
                    if (WasCollected(layout, obj, f, s))
                        discarded.Add(Input(obj, f, s, pulledBy) with { Discarded = LinkMapDiscard.GarbageCollected });
            }

        return new LinkMap(layout.Options.OutputPath, outputs, discarded, ArchiveMembers(res, pulledBy),
            crossReferences ? CrossReferences(res) : []);
    }

    /// <summary>The map of a relocatable output (-r): each output section at address 0, its inputs at their offsets in
    /// it (as lld's -r map shows them), the symbols they define, what --gc-sections removed, archive members and names.</summary>
    public static LinkMap BuildRelocatable(Relocatable.RelocatableLayout layout, bool crossReferences)
    {
        var res = layout.Resolution;
        var pulledBy = PulledBy(res);
        var symbols = new Dictionary<(int, int), List<LinkMapSymbol>>();
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            var syms = obj.Symbols;
            for (int i = 1; i < syms.Length; i++)
            {
                ref readonly var sym = ref syms[i];
                if (sym.Type is STT_SECTION or STT_FILE || sym.IsUndefined || sym.IsAbsolute || sym.IsCommon) continue;
                int sec = obj.SymbolSection(i);
                if (sec <= 0 || sec >= layout.SectionOut[f].Length || layout.SectionOut[f][sec] < 0) continue;
                if (i >= obj.FirstGlobal && res.Resolve(f, i) != res.Db.Id(f, i)) continue;
                if (obj.SymbolName(i).IsEmpty) continue;
                if (!symbols.TryGetValue((f, sec), out var list)) symbols[(f, sec)] = list = [];
                list.Add(new LinkMapSymbol(obj.SymbolNameString(i), layout.SectionOffset[f][sec] + sym.Value, sym.Size, i >= obj.FirstGlobal,
                    obj.DisplayName, obj.SectionNameString(sec)));
            }
        }
        var outputs = new List<LinkMapOutputSection>(layout.Sections.Length);
        foreach (var os in layout.Sections)
        {
            string name = os.Name.ToString();
            var inputs = new List<LinkMapInputSection>(os.PieceCount);
            for (int p = os.FirstPiece; p < os.FirstPiece + os.PieceCount; p++)
            {
                var piece = layout.Pieces[p];
                var obj = res.Objects[piece.File];
                ulong size = layout.Gc?.EhFrame(piece.File, piece.Section) is { } eh ? (ulong)eh.OutputSize
                    : obj.SectionHeaders[piece.Section].Type == SHT_NOBITS ? obj.SectionHeaders[piece.Section].Size : obj.ContentSize(piece.Section);
                inputs.Add(Input(obj, piece.File, piece.Section, pulledBy) with
                {
                    OutputSection = name,
                    Address = piece.Offset,
                    Size = size,
                    Symbols = symbols.TryGetValue((piece.File, piece.Section), out var list) ? [.. list.OrderBy(s => s.Address)] : [],
                });
            }
            outputs.Add(new LinkMapOutputSection(name, 0, os.FileOffset, os.Size, os.Align, os.Type, os.Flags, inputs));
        }
        var discarded = new List<LinkMapInputSection>();
        if (layout.Gc is { } gc)
            foreach (var f in res.LoadedFiles)
            {
                var obj = res.Objects[f];
                for (int s = 1; s < obj.SectionCount; s++)
                    if (obj.SectionHeaders[s] is { IsAlloc: true, Size: > 0 } && gc.Removes(res, f, s))
                        discarded.Add(Input(obj, f, s, pulledBy) with { Discarded = LinkMapDiscard.GarbageCollected });
            }
        return new LinkMap(layout.Options.OutputPath, outputs, discarded, ArchiveMembers(res, pulledBy),
            crossReferences ? CrossReferences(res) : []);
    }

    /// <summary>Per archive member resolution loaded for a symbol: that symbol's name.</summary>
    private static Dictionary<int, string> PulledBy(Resolution.SymbolResolution res)
    {
        var pulledBy = new Dictionary<int, string>();
        foreach (var f in res.LoadOrder)
            if (res.LoadedBecauseOf(f) is { IsNone: false } why)
                pulledBy[f] = res.Db.NameString(why);
        return pulledBy;
    }

    /// <summary>The member name of an archive member, whose display name is <c>archive(member)</c>.</summary>
    private static string? MemberName(ObjectFile obj) =>
        obj.Archive is { } archive && obj.DisplayName.StartsWith(archive.Path + "(", StringComparison.Ordinal)
            ? obj.DisplayName[(archive.Path.Length + 1)..^1]
            : null;

    /// <summary>A group's range-extension thunks as one input of their own, GNU ld's `linker stubs` section named after
    /// the input they follow (`.text.stub`), each veneer a symbol of it.</summary>
    private static LinkMapInputSection Veneers(Layout.Layout layout, Layout.RangeExtensionThunks thunks, int group, string output, string after)
    {
        ulong at = thunks.AreaAddress(layout, group);
        var list = thunks.Thunks(group);
        var veneers = new LinkMapSymbol[list.Count];
        for (int i = 0; i < list.Count; i++)
            veneers[i] = new LinkMapSymbol(Layout.RangeExtensionThunks.VeneerName(layout.Resolution, list[i]), at + (ulong)i * thunks.ThunkSize,
                thunks.ThunkSize, false, LinkerStubs, after + ".stub");
        return new LinkMapInputSection
        {
            OutputSection = output, InputFile = LinkerStubs, InputSection = after + ".stub", Address = at,
            Size = (ulong)list.Count * thunks.ThunkSize, Align = Layout.RangeExtensionThunks.AreaAlign, Symbols = veneers,
        };
    }

    /// <summary>The file name GNU ld's map gives the sections it makes for veneers.</summary>
    private const string LinkerStubs = "linker stubs";

    private static LinkMapInputSection Input(ObjectFile obj, FileId file, int section, Dictionary<int, string> pulledBy)
    {
        return new LinkMapInputSection
        {
            InputFile = obj.DisplayName,
            Archive = obj.Archive?.Path,
            Member = MemberName(obj),
            InputSection = obj.SectionNameString(section),
            Size = obj.ContentSize(section),
            Align = Math.Max(1, obj.ContentAlign(section)),
            PulledInBy = pulledBy.GetValueOrDefault(file),
        };
    }

    /// <summary>An allocated section that layout would have placed had gc not found it dead.</summary>
    private static bool WasCollected(Layout.Layout layout, ObjectFile obj, FileId f, int s)
    {
        ref readonly var h = ref obj.SectionHeaders[s];
        if (!h.IsAlloc || h.Size == 0 || layout.IsLive(f, s) || layout.OutputOf(f, s) is not null) return false;
        if (h.Type is SHT_NULL or SHT_SYMTAB or SHT_STRTAB or SHT_GROUP or SHT_SYMTAB_SHNDX or SHT_LLVM_ADDRSIG or SHT_RELA or SHT_REL)
            return false;
        // COMDAT losers and SHF_EXCLUDE sections were never candidates; .note.gnu.property is merged, not placed.
        if (layout.Resolution.IsDiscarded(f, s) || (h.Flags & SHF_EXCLUDE) != 0) return false;
        return !(h.Type == SHT_NOTE && obj.SectionName(s).SequenceEqual(".note.gnu.property"u8));
    }

    /// <summary>Symbols each live input section defines (locals, and the globals that won), by flat section index.</summary>
    private static Dictionary<int, List<LinkMapSymbol>> CollectSymbols(Layout.Layout layout)
    {
        var res = layout.Resolution;
        var result = new Dictionary<int, List<LinkMapSymbol>>();
        foreach (var f in res.LoadedFiles)
        {
            var obj = layout.Objects[f];
            if (obj.IsShared) continue;
            var syms = obj.Symbols;
            for (int i = 1; i < syms.Length; i++)
            {
                ref readonly var sym = ref syms[i];
                if (sym.Type is STT_SECTION or STT_FILE || sym.IsUndefined || sym.IsAbsolute || sym.IsCommon) continue;
                int sec = obj.SymbolSection(i);
                if (sec == 0 || !(layout.IsLive(f, sec) || layout.IsFolded(f, sec)) || layout.OutputOf(f, sec) is null) continue;
                bool global = i >= obj.FirstGlobal;
                if (global && res.Resolve(f, i) != layout.Db.Id(f, i)) continue;
                var name = obj.SymbolNameString(i);
                if (name.Length == 0) continue;
                var flat = layout.Map.Flat(f, sec);
                // A section folded by --icf shows its symbols under the section it was folded into.
                if (layout.Folded.KeptOf(flat) is >= 0 and var kept) flat = (Layout.SectionId)kept;
                if (!result.TryGetValue(flat, out var list)) result[flat] = list = [];
                list.Add(new LinkMapSymbol(name, layout.InputAddress(f, sec, sym.Value), sym.Size, global, obj.DisplayName, obj.SectionNameString(sec)));
            }
        }
        // OrderBy is stable: symbols at one address keep symbol-table order, so the map is deterministic.
        foreach (int key in result.Keys.ToArray())
            result[key] = result[key].OrderBy(s => s.Address).ToList();
        return result;
    }

    private static IReadOnlyList<LinkMapArchiveMember> ArchiveMembers(Resolution.SymbolResolution res, Dictionary<int, string> pulledBy)
    {
        var firstReference = FirstReferences(res);
        var members = new List<LinkMapArchiveMember>();
        foreach (var f in res.LoadOrder)
        {
            var obj = res.Objects[f];
            if (obj.Archive is null) continue;
            string? symbol = pulledBy.GetValueOrDefault(f);
            string? by = symbol is null ? "--whole-archive"
                : firstReference.TryGetValue(res.LoadedBecauseOf(f).Value, out var r) ? r : null;
            members.Add(new LinkMapArchiveMember(obj.Archive.Path, MemberName(obj) ?? obj.DisplayName, obj.DisplayName, symbol, by));
        }
        return members;
    }

    /// <summary>For each name, what referred to it first in load order: a root option or a file.</summary>
    private static Dictionary<int, string> FirstReferences(Resolution.SymbolResolution res)
    {
        var db = res.Db;
        var first = new Dictionary<int, string>();
        var o = res.Options;
        if (o.Kind != OutputKind.Shared || o.Entry is not null)
            if (db.Lookup(o.EntryName) is { IsNone: false } entry) first[entry.Value] = "--entry";
        foreach (var u in o.Undefined)
            if (db.Lookup(u) is { IsNone: false } un) first.TryAdd(un.Value, "-u");
        foreach (var f in res.LoadOrder)
        {
            var obj = res.Objects[f];
            if (obj.IsShared) continue;
            var syms = obj.Symbols;
            for (int i = obj.FirstGlobal; i < syms.Length; i++)
                if (syms[i].IsUndefined && !syms[i].IsWeak)
                    first.TryAdd(db.NameOf(db.Id(f, i)).Value, obj.DisplayName);
        }
        return first;
    }

    private static IReadOnlyList<LinkMapCrossReference> CrossReferences(Resolution.SymbolResolution res)
    {
        var db = res.Db;
        var refs = new Dictionary<int, List<string>>();
        foreach (var f in res.LoadOrder)
        {
            var obj = res.Objects[f];
            var syms = obj.Symbols;
            for (int i = obj.FirstGlobal; i < syms.Length; i++)
            {
                int name = db.NameOf(db.Id(f, i)).Value;
                if (name < 0) continue;
                if (!refs.TryGetValue(name, out var list)) refs[name] = list = [];
                if (syms[i].IsUndefined && (list.Count == 0 || list[^1] != obj.DisplayName)) list.Add(obj.DisplayName);
            }
        }
        var result = new List<LinkMapCrossReference>(refs.Count);
        foreach (var (name, list) in refs)
        {
            var def = res.Definition(new NameId(name));
            string? definedIn = def.IsNone || res.IsSynthetic(def) ? null : res.Objects[db.FileOf(def)].DisplayName;
            result.Add(new LinkMapCrossReference(db.NameString(new NameId(name)), definedIn, list));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return result;
    }
}
