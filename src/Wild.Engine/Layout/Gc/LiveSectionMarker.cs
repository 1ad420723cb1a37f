// Phase "Garbage-collect sections": with --gc-sections, marks what is reachable from the roots (the entry, -u
// symbols, sections GNU ld keeps, __start_/__stop_ targets, a shared object's exports) through relocations and
// FDEs; without it every classified section stays. Then decides which .eh_frame records survive: an FDE only
// with its function, and no input terminator (the output gets exactly one). Nothing is placed here.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class LiveSectionMarker
{
    public static LiveSections Mark(SymbolResolution res, SectionMap map, DiagnosticBag diagnostics)
    {
        // Without --gc-sections Classify marked every section with an output live.
        var live = map.LiveWithoutGc ?? MarkReachable(res, map, diagnostics);
        return new LiveSections(live, PlaceEhFrameRecords(res, map, live));
    }

    /// <summary>Decides which .eh_frame records reach the output and where: an FDE only with its (live) function,
    /// no input terminator. Returns the number of FDEs kept. "Fold identical sections" runs it again when folded
    /// sections lose their FDEs.</summary>
    internal static int PlaceEhFrameRecords(SymbolResolution res, SectionMap map, bool[] live)
    {
        var objects = res.Objects;
        // FDEs survive only with their function.
        int fdeCount = 0;
        foreach (var eh in map.EhFrames)
        {
            var obj = objects[eh.File];
            var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
            int outOffset = 0, liveFdes = 0;
            for (int i = 0; i < eh.Records.Length; i++)
            {
                ref var rec = ref eh.Records[i];
                // Input terminators (crtend.o's) are dropped; the output gets exactly one, at its end, so
                // the order of inputs cannot cut the frame list short.
                bool keep = rec.Length > 4;
                if (rec.IsFde)
                {
                    int r = EhFrameSection.PcBeginReloc(relocs, rec);
                    if (r >= 0)
                    {
                        var (tf, ts) = SectionMap.TargetSection(res, eh.File, (int)relocs[r].SymbolIndex);
                        keep = ts > 0 && live[map.Flat(tf, ts)];
                    }
                    if (keep) liveFdes++;
                }
                rec.OutputOffset = keep ? outOffset : -1;
                if (keep) outOffset += rec.Length;
            }
            eh.OutputSize = outOffset;
            eh.LiveFdeCount = liveFdes;
            fdeCount += liveFdes;
        }
        return fdeCount;
    }

    private static bool[] MarkReachable(SymbolResolution res, SectionMap map, DiagnosticBag diagnostics)
    {
        var options = res.Options;
        var objects = res.Objects;
        var db = res.Db;
        var loaded = res.LoadedFiles;
        var live = new bool[map.Count];
        var stack = new Stack<(FileId, int)>();
        void Mark(FileId f, int s)
        {
            if (s <= 0) return;
            var flat = map.Flat(f, s);
            if (live[flat] || map.OutputName(flat) is null) return;
            live[flat] = true;
            stack.Push((f, s));
        }
        // A section whose __start_/__stop_ symbol is referenced is kept (GNU ld's -z nostart-stop-gc, its default);
        // with -z start-stop-gc such a section lives only by what else reaches it, like any other.
        var startStop = new HashSet<string>(StringComparer.Ordinal);
        if (!options.Z.StartStopGc)
            foreach (var sym in res.Synthetic)
                if (sym.Kind is SyntheticKind.SectionStart or SyntheticKind.SectionEnd && sym.Section is not null)
                    startStop.Add(sym.Section);
        foreach (var f in loaded)
        {
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                if (map.OutputName(flat) is not { } outName) continue;
                ref readonly var h = ref headers[s];
                // Non-allocated sections (debug info) are kept, but do not keep code alive.
                if (!h.IsAlloc) { live[flat] = true; continue; }
                // A -T script's KEEP(...) makes what it matches a root.
                if (IsGcRoot(obj.SectionName(s), h.Type, h.Flags) || startStop.Contains(outName)
                    || (map.ScriptRuleOf is { } ruleOf && ruleOf[flat] >= 0 && options.LinkerScript!.Rules[ruleOf[flat]].Command.Keep))
                    Mark(f, s);
            }
        }
        foreach (var eh in map.EhFrames)
        {
            // CIE relocations (personality routines) stay: they are tiny and always needed by C++.
            var obj = objects[eh.File];
            var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
            foreach (var rec in eh.Records)
                if (!rec.IsFde)
                    for (int r = rec.FirstReloc; r < rec.EndReloc; r++)
                    {
                        var (tf, ts) = SectionMap.TargetSection(res, eh.File, (int)relocs[r].SymbolIndex);
                        Mark(tf, ts);
                    }
        }
        if (options.Kind == Engine.OutputKind.Shared)
            // Every exported definition of a shared object is reachable from outside.
            for (int n = 0; n < db.NameCount; n++)
            {
                var def = res.Definition(new NameId(n));
                if (def.IsNone || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
                var df = db.FileOf(def);
                ref readonly var ds = ref objects[df].Symbols[def.Value - db.FirstSymbol(df)];
                if (ds.Visibility is STV_DEFAULT or STV_PROTECTED)
                    Mark(df, objects[df].SymbolSection(def.Value - db.FirstSymbol(df)));
            }
        foreach (var rootName in options.Undefined.Concat(options.RequireDefined).Append(options.EntryName).Append(options.InitSymbol).Append(options.FiniSymbol))
        {
            var name = db.Lookup(rootName);
            if (name.IsNone) continue;
            var def = res.Definition(name);
            if (def.IsNone || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
            var df = db.FileOf(def);
            Mark(df, objects[df].SymbolSection(def.Value - db.FirstSymbol(df)));
        }
        while (stack.Count > 0)
        {
            var (f, s) = stack.Pop();
            var obj = objects[f];
            int rela = map.RelaOf(map.Flat(f, s));
            if (rela > 0)
                foreach (var rel in obj.Relocations(rela))
                {
                    var (tf, ts) = SectionMap.TargetSection(res, f, (int)rel.SymbolIndex);
                    Mark(tf, ts);
                }
            // A live function keeps what its FDE references (LSDA in .gcc_except_table, and through it typeinfo).
            for (int i = map.FirstFde(map.Flat(f, s)); i >= 0; i = map.Fdes[i].Next)
            {
                var fde = map.Fdes[i];
                var relocs = objects[fde.File].Relocations(fde.Rela);
                for (int r = fde.FirstReloc; r < fde.EndReloc; r++)
                {
                    var (tf, ts) = SectionMap.TargetSection(res, fde.File, (int)relocs[r].SymbolIndex);
                    Mark(tf, ts);
                }
            }
        }
        foreach (var eh in map.EhFrames)
            live[map.Flat(eh.File, eh.Section)] = true;
        if (options.PrintGcSections)
            foreach (var f in loaded)
                for (int s = 1; s < objects[f].SectionCount; s++)
                    if (map.OutputName(map.Flat(f, s)) is not null && !live[map.Flat(f, s)] && objects[f].SectionHeaders[s].Size > 0)
                        diagnostics.Info($"removing unused section '{objects[f].SectionNameString(s)}' in file '{objects[f].DisplayName}'");
        return live;
    }

    /// <summary>
    /// -z start-stop-gc may collect every section a referenced __start_SEC/__stop_SEC names. GNU ld and lld then leave
    /// the symbol undefined: 0 for weak references, an error for a strong one. Wild defined it when it resolved
    /// symbols; the names returned here make "Symbol traits" treat it as an absolute 0 (no RELATIVE relocation, no
    /// PC-relative rewrite), which is what a weak undefined symbol is to the program. Empty without the option.
    /// </summary>
    public static IReadOnlySet<string> CollectedStartStop(SymbolResolution res, SectionMap map, LiveSections live)
    {
        var collected = new HashSet<string>(StringComparer.Ordinal);
        if (!res.Options.Z.StartStopGc || !res.Options.GcSections) return collected;
        HashSet<string>? kept = null, present = null;
        foreach (var sym in res.Synthetic)
        {
            if (sym.Kind is not (SyntheticKind.SectionStart or SyntheticKind.SectionEnd) || sym.Section is null) continue;
            if (kept is null || present is null)
            {
                kept = new HashSet<string>(StringComparer.Ordinal);
                present = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < map.Count; i++)
                    if (map.OutputName((SectionId)i) is { } name)
                        (live.IsLive((SectionId)i) ? kept : present).Add(name);
            }
            if (!present.Contains(sym.Section) || kept.Contains(sym.Section)) continue;
            var nameId = res.Db.Lookup(sym.Name);
            if (!nameId.IsNone && (res.References(nameId) & SymbolResolution.StrongReference) != 0)
                throw new LinkException(ErrorId.UndefinedSymbol,
                    $"undefined symbol: {sym.Name} (-z start-stop-gc: --gc-sections removed every section named {sym.Section})");
            collected.Add(sym.Section);
        }
        return collected;
    }
}
