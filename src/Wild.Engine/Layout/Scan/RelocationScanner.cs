// Phase "Scan relocations": every live allocated section's relocations, in parallel per object, handed to the
// architecture section by section (Architecture.ScanSection), which says what each target needs. Then, in one
// ordered pass over the symbols, GOT and PLT slots are handed out and .rela.dyn is divided into slices. Sizes
// only: no address is known yet, and nothing is written.
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class RelocationScanner
{
    public static RelocationNeeds Scan(Architecture arch, SymbolResolution res, SectionMap map, LiveSections live,
        SymbolTraitsTable traits, ParallelWork work, DiagnosticBag diagnostics)
    {
        var db = res.Db;
        int symbolSlots = db.FileSymbolCount + res.Synthetic.Length;
        var needs = new int[symbolSlots];
        var loaded = res.LoadedFiles;
        var relativeCounts = new int[loaded.Length];
        var symbolicCounts = new int[loaded.Length];
        var textRelocations = new int[loaded.Length];
        var relativeSites = new List<ulong>?[loaded.Length];
        var discardedReferences = new LinkException?[loaded.Length];
        int moduleSlotUsers = 0;
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = res.Objects[f];
            var headers = obj.SectionHeaders;
            var scan = new FileScan(res, traits, f, needs);
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                int rela = map.RelaOf(flat);
                if (rela == 0 || !live.IsLive(flat) || !headers[s].IsAlloc) continue;
                var relocations = obj.Relocations(rela);
                scan.SectionRelocationCount = relocations.Length;
                scan.ReversedSectionSize = ReversedEntries.ReversedSize(obj, s, map.OutputName(flat));
                bool ehFrame = map.OutputName(flat) == ".eh_frame";
                if (!ehFrame && discardedReferences[i] is null && res.HasDiscarded(f))
                    discardedReferences[i] = DiscardedComdatReferences.Find(res, f, s, relocations);
                arch.ScanSection(ref scan, s, relocations, ehFrame);
            }
            relativeCounts[i] = scan.RelativeCount;
            relativeSites[i] = scan.RelativeSites;
            symbolicCounts[i] = scan.SymbolicCount;
            textRelocations[i] = scan.TextRelocationSection;
            if (scan.UsesModuleSlot) Interlocked.Increment(ref moduleSlotUsers);
        });
        // In input order: the first object's error, with the others' as its siblings.
        if (Array.FindAll(discardedReferences, e => e is not null) is { Length: > 0 } found)
            throw new LinkException(found[0]!.Id, found[0]!.Message, found[0]!.File) { Siblings = [.. found.Skip(1).Select(e => e!)] }
                .WithContextFrom(found[0]!);
        // In input order, once per object, in GNU ld's words.
        bool textRelocation = false;
        for (int i = 0; i < loaded.Length; i++)
        {
            if (textRelocations[i] == 0) continue;
            var obj = res.Objects[loaded[i]];
            diagnostics.Warn($"{obj.DisplayName}: relocation in read-only section `{obj.SectionNameString(textRelocations[i])}'");
            textRelocation = true;
        }
        if (textRelocation)
            diagnostics.Warn($"creating DT_TEXTREL in a {(res.Options.Kind == OutputKind.Shared ? "shared object" : "PIE")}");

        // Slots are handed out in SymbolId order, so the GOT is the same whatever the thread count.
        var gotIndex = new int[symbolSlots];
        var pltIndex = new int[symbolSlots];
        Array.Fill(gotIndex, -1);
        Array.Fill(pltIndex, -1);
        var gotSymbols = new List<SymbolId>();
        var pltSymbols = new List<SymbolId>();
        // GNU ld's .plt.got (x86-64): a run-time-bound function that is both called through the PLT and loaded from the
        // GOT needs no lazy slot of its own; its PLT entry jumps through the GOT slot ld.so fills anyway. Not for an
        // IFUNC, nor for a function whose PLT entry is its canonical address (ld.so never rewrites a GOT slot to it).
        var pltGotIndex = arch.HasPltGot ? new int[symbolSlots] : [];
        Array.Fill(pltGotIndex, -1);
        var pltGotSymbols = new List<SymbolId>();
        var copySymbols = new List<SymbolId>();
        bool pie = res.Options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
        bool sharedOutput = res.Options.Kind == OutputKind.Shared;
        var types = arch.DynamicTypes;
        int gotRelative = 0, gotDynamic = 0, gotSlots = 0;
        bool usesStaticTls = false;
        for (int id = 0; id < symbolSlots; id++)
        {
            int fl = needs[id];
            if ((fl & (SymbolNeeds.Plt | SymbolNeeds.Got | SymbolNeeds.CanonicalPlt)) == (SymbolNeeds.Plt | SymbolNeeds.Got)
                && pltGotIndex.Length > 0 && traits.Of(new SymbolId(id)) is { Dynamic: true, Ifunc: false })
            {
                pltGotIndex[id] = pltGotSymbols.Count;
                pltGotSymbols.Add(new SymbolId(id));
            }
            else if ((fl & SymbolNeeds.Plt) != 0)
            {
                pltIndex[id] = pltSymbols.Count;
                pltSymbols.Add(new SymbolId(id));
            }
            if ((fl & SymbolNeeds.GotKinds) != 0)
            {
                gotIndex[id] = gotSlots;
                gotSlots += GotEntries.SlotCount(fl);
                gotSymbols.Add(new SymbolId(id));
                var t = traits.Of(new SymbolId(id));
                GotEntries.Count(fl, t, traits.GotBindsAtRunTime(t), pie, sharedOutput, ref gotRelative, ref gotDynamic);
                if ((fl & SymbolNeeds.GotTp) != 0 && sharedOutput) usesStaticTls = true;
            }
            if ((fl & SymbolNeeds.Copy) != 0)
                copySymbols.Add(new SymbolId(id));
            if ((fl & SymbolNeeds.CanonicalPlt) != 0)
                RefuseProtectedCanonicalPlt(res, new SymbolId(id));
        }
        int tlsModuleSlot = -1;
        if (moduleSlotUsers > 0)
        {
            tlsModuleSlot = gotSlots;
            gotSlots += 2;
            gotDynamic++;
        }

        // -z pack-relative-relocs: the RELATIVE relocations at even addresses go to .relr.dyn instead (see
        // RelrPlan), the rest stay here. GNU ld packs whatever the output is linked against (a -nostdlib library
        // too); only the GLIBC_ABI_DT_RELR version need depends on glibc (DynamicTables).
        bool pack = pie && res.Options.Z.PackRelativeRelocs;
        int gotPacked = 0;
        var packedCounts = new int[loaded.Length];
        if (pack)
        {
            for (int i = 0; i < loaded.Length; i++)
            {
                packedCounts[i] = relativeSites[i]?.Count ?? 0;
                relativeCounts[i] -= packedCounts[i];
            }
            // GOT slots are 8-byte aligned: every RELATIVE the GOT needs is packed.
            gotPacked = gotRelative;
            gotRelative = 0;
        }
        else
            Array.Clear(relativeSites);

        // .rela.dyn: every RELATIVE first (DT_RELACOUNT counts them), then symbolic relocations, GOT imports
        // and copies. Each object writes its own slices, so the order is fixed by input order.
        var fileRelativeStart = new int[loaded.Length];
        int next = 0;
        for (int i = 0; i < loaded.Length; i++) { fileRelativeStart[i] = next; next += relativeCounts[i]; }
        int gotRelativeStart = next;
        next += gotRelative;
        int relativeCount = next;
        var fileSymbolicStart = new int[loaded.Length];
        for (int i = 0; i < loaded.Length; i++) { fileSymbolicStart[i] = next; next += symbolicCounts[i]; }
        int gotDynamicStart = next;
        next += gotDynamic;
        int copyRelocStart = next;
        next += copySymbols.Count;
        return new RelocationNeeds(needs, gotIndex, pltIndex, [.. gotSymbols], [.. pltSymbols], [.. copySymbols], gotSlots,
            tlsModuleSlot, usesStaticTls, fileRelativeStart, relativeCounts, fileSymbolicStart, symbolicCounts,
            gotRelativeStart, relativeCount, gotDynamicStart, gotDynamic, copyRelocStart, next, textRelocation,
            pack, relativeSites, packedCounts, gotPacked) { PltGotIndex = pltGotIndex, PltGotSymbols = [.. pltGotSymbols] };
    }
    /// <summary>A library binds its own uses of a protected function to itself, so a canonical PLT entry in the
    /// program (its address taken by non-PIC code) would give the function two addresses. GNU ld refuses the link
    /// ("non-canonical reference to canonical protected function"), and so do we, rather than write a program whose
    /// pointer comparisons fail.</summary>
    private static void RefuseProtectedCanonicalPlt(SymbolResolution res, SymbolId id)
    {
        var db = res.Db;
        if (res.IsSynthetic(id)) return;
        var f = db.FileOf(id);
        var obj = res.Objects[f];
        if (!obj.IsShared || obj.Symbols[id.Value - db.FirstSymbol(f)].Visibility != Elf.ElfConstants.STV_PROTECTED) return;
        throw new LinkException(ErrorId.UnsupportedRelocation,
            $"non-canonical reference to canonical protected function '{db.NameString(db.NameOf(id))}' defined in {obj.DisplayName}: " +
            "the program takes its address with an absolute or PC-relative relocation, which would need a canonical PLT entry " +
            "and give the function a second address; compile the program with -fPIE/-fPIC", obj.DisplayName);
    }
}
