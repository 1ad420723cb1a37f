// The link, top to bottom: every phase on one line, in order, with the immutable result it returns; each phase
// borrows the results above it. The names are the ones --time prints. Start reading the linker here.
//
//   1 Open inputs                 InputSet            files mapped, archives split, ELF headers and symbol tables read
//   2 Index symbols               SymbolDb            every global name interned to a dense NameId, in parallel
//   3 Resolve symbols             SymbolResolution    definitions chosen, archive members loaded, COMDAT groups, commons
//   4 Export policy               ExportPolicy        (dynamic outputs) what is exported, at which version
//   5 Classify sections           SectionMap          which output section each input section goes to; .eh_frame parsed
//   6 Decompress sections         (ObjectFile)        compressed inputs (gcc -gz) inflated once, in parallel, for every later phase
//   7 Garbage-collect sections    LiveSections        what survives (--gc-sections), which FDEs survive; then the surviving
//                                                     orphans reported (--orphan-handling=warn|error), and references to
//                                                     what /DISCARD/ or --orphan-handling=discard dropped refused
//   8 Symbol traits               SymbolTraitsTable   what each symbol is to relocations (IFUNC, TLS, bound at run time...);
//                                                     after gc, which -z start-stop-gc's __start_/__stop_ symbols see
//   9 Fold identical sections     FoldedSections      (--icf) equal read-only sections folded into one; liveness after it
//  10 Scan relocations            RelocationNeeds     GOT, PLT and copies needed (Architecture.ScanSection); .rela.dyn divided,
//                                                     what -z pack-relative-relocs moves to .relr.dyn
//  11 Output sections             OutputSections      input sections grouped, mergeable sections deduplicated, sizes
//  12 Common symbols              CommonSymbols       commons (thread-local ones in .tbss) and copy-relocated data placed
//  13 Gdb index                   GdbIndex            (--gdb-index) units, code ranges and pubnames read per object, names merged
//                                                     in shards, .gdb_index sized
//  14 Linker-made sections        SyntheticSections   GOT, PLT, dynamic tables, .relr.dyn, notes, .eh_frame_hdr sized
//  15 Kept relocations            KeptRelocations     (--emit-relocs) which input relocations the output keeps, .rela<name> sized
//  16 Addresses and symbol table  Placement           every address and file offset, program headers, .symtab sized
//  17 Symbol values               SymbolAddresses     every symbol's address, the entry point: all of it makes the Layout
//  17a Range-extension thunks     RangeExtensionThunks  (AArch64) branches beyond their reach given thunks; while some
//                                                     were missing, 11-17 run again with room for them
//  18 Compress debug sections     CompressedDebugSections  (--compress-debug-sections) .debug_* relocated and compressed in chunks
//  19 Copy and relocate sections  (the output file)   every section copied and relocated into the mapping, in parallel
//  20 Write .eh_frame_hdr                             the FDE table, read back from the relocated .eh_frame
//  21 Build id                                        a hash of the finished image
//  22 Commit output                                   (LinkSession) inputs checked unchanged, the file renamed into place
//  23 Write reports                                   (LinkSession) -Map, --why-extract, --dependency-file
//
// The alternative path, a relocatable output (-r, OutputKind.Relocatable), shares 1-3 and then lays out and writes an
// ET_REL object instead of 4-23 (src/Wild.Engine/Relocatable/):
//
//  R1 Relocatable sections        RelocatableSectionPlan  input sections merged by name into output sections (groups and
//                                                         SHF_LINK_ORDER sections kept apart), notes merged
//  R2 Relocatable symbols         RelocatableSymbolPlan   section symbols, every object's locals, one global per name
//  R3 Relocatable layout          RelocatableLayout       header indices, .rela sections, file offsets
//  R4 Write relocatable           (the output file)       bytes copied, relocations rewritten (never applied), tables
//  then 22 Commit output as above.
//
// A PowerShell session keeps the results of 1-3 (Read-ElfObject | Resolve-ElfSymbol) and runs 4-23 with the
// output settings (Write-ElfExecutable); the `wild` command runs them all at once (Linker.Link).
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Layout;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using Wild.Engine.Writing;

namespace Wild.Engine;

internal static class LinkPipeline
{
    /// <summary>Phase 1: map every input (objects, archives, shared objects, scripts) and parse their headers and
    /// symbol tables; archive members join later, when resolution needs them.</summary>
    public static InputSet Read(LinkOptions options, ParallelWork work, PhaseTimings timings, OutputTarget? target)
    {
        using (timings.Start("Open inputs")) return InputSet.Load(options, work, target);
    }

    /// <summary>Phases 2 and 3: name every global symbol, then pick definitions and load archive members.</summary>
    public static SymbolResolution Resolve(InputSet inputs, LinkOptions options, DiagnosticBag diagnostics, ParallelWork work, PhaseTimings timings)
    {
        Architecture.CheckInputs(inputs, options);
        // VERSION in a script given as an input names versions the symbol index must know (their ABS symbols), as
        // the write's options will (LinkSession.Effective).
        if (options.InputScriptVersionNodes.Count == 0 && inputs.ScriptVersionNodes.Count > 0 && options.Kind != OutputKind.Relocatable)
            options = options with { InputScriptVersionNodes = inputs.ScriptVersionNodes };
        SymbolDb db;
        using (timings.Start("Index symbols")) db = SymbolDb.Build(inputs, LinkerNames(options), work);
        SymbolResolution res;
        using (timings.Start("Resolve symbols")) res = Resolver.Resolve(db, options, diagnostics, work.Cancellation);
        // Like GNU ld, a non-PIE link that uses no shared object at all is a static executable.
        if (options.Kind == OutputKind.Dynamic && res.SharedObjects.Length == 0)
            using (timings.Start("Resolve symbols (static)"))
                res = Resolver.Resolve(db, options with { Kind = OutputKind.Static }, diagnostics, work.Cancellation);
        return res;
    }

    /// <summary>Names no input may mention that the link still defines or lists in .symtab, so they need NameIds: -u
    /// references (undefined), --defsym definitions, -r's --wrap targets and -e name and the symbols their values name (a linker-defined etext is
    /// provided for --defsym a=etext as for an object's reference), and the symbols GNU ld's default script always
    /// assigns (_end, _edata, __bss_start, _DYNAMIC), and those a -T script assigns without PROVIDE.</summary>
    private static string[] LinkerNames(LinkOptions options) =>
        [.. options.Undefined, .. options.DefSym.SelectMany(d => DefSymExpression.Parse(d.Key, d.Value).Symbols.Prepend(d.Key)),
         "_end", "_edata", "__bss_start", "_DYNAMIC", .. VersionNames(options),
         // -r writes a --wrap'ped reference under its new name even when no input names that one.
         .. options.Kind == OutputKind.Relocatable ? options.Wrap.SelectMany(w => (string[])[w, "__wrap_" + w]) : [],
         .. options.Kind == OutputKind.Relocatable ? Relocatable.RelocatableSymbolPlan.EntryName(options) : [],
         .. options.LinkerScript?.Assignments.Where(a => !a.IsDot && a.Kind is Scripts.AssignmentKind.Plain or Scripts.AssignmentKind.Hidden)
             .Select(a => a.Target) ?? []];

    /// <summary>The version names a dynamic output defines a symbol for (SyntheticKind.VersionName): the scripts' and
    /// --default-symver's (ExportPolicy names that version).</summary>
    internal static IEnumerable<string> VersionNames(LinkOptions options) =>
        options.Kind is OutputKind.Shared or OutputKind.Pie or OutputKind.Dynamic
            ? Input.VersionScript.LoadAll(options).Where(n => n.Name is not null).Select(n => n.Name!)
                .Concat(options.DefaultSymver && options.Kind == OutputKind.Shared ? [Layout.ExportPolicy.DefaultSymverName(options)] : [])
            : [];

    /// <summary>Phases 4 to 17: decide where every byte of the output goes. Nothing is written.</summary>
    public static Layout.Layout LayOut(SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics, PhaseTimings timings)
    {
        var arch = Architecture.ForLink(res);
        bool dynamicOutput = res.Options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared;
        ExportPolicy exports = ExportPolicy.None;
        if (dynamicOutput)
            using (timings.Start("Export policy")) exports = ExportPolicy.Build(res, work);                                       // SymbolResolution
        SectionMap map;
        using (timings.Start("Classify sections")) map = SectionClassifier.Classify(res, work, diagnostics);                                  // SymbolResolution
        using (timings.Start("Decompress sections")) SectionDecompressor.Decompress(res, map, work);                            // + SectionMap
        arch.CheckProperties(res, map, diagnostics);
        LiveSections live;
        using (timings.Start("Garbage-collect sections")) live = LiveSectionMarker.Mark(res, map, diagnostics);                   // + SectionMap
        if (map.Orphans.Length > 0) OrphanReport.Report(res, map, live, diagnostics);                                          // --orphan-handling
        if (DiscardedReferences.Needed(res, map)) DiscardedReferences.Check(res, map, live);                                 // /DISCARD/ referenced
        SymbolTraitsTable traits;
        using (timings.Start("Symbol traits"))                                                                                  // + ExportPolicy, LiveSections
            traits = SymbolTraitsTable.Build(res, exports, LiveSectionMarker.CollectedStartStop(res, map, live), work);
        if (res.Options.LinkerScript is { CrossReferenceRules.Count: > 0 } noCrossRefs)
            using (timings.Start("Script cross references")) ScriptCrossReferences.Check(res, map, live, noCrossRefs);            // + LiveSections
        FoldedSections folded;
        using (timings.Start("Fold identical sections")) folded = IdenticalCodeFolder.Fold(res, map, live, exports, traits, work, diagnostics); // + LiveSections
        live = folded.Live; // from here on a folded section is not live: not scanned, placed or written
        RelocationNeeds needs;
        using (timings.Start("Scan relocations")) needs = RelocationScanner.Scan(arch, res, map, live, traits, work, diagnostics);            // + FoldedSections, SymbolTraitsTable
        // Phases 11 to 17 again, with room for them, while range-extension thunks are found missing (ThunkPlanner):
        // a link that needs none lays out once.
        RangeExtensionThunks? thunks = null;
        for (int round = 0; ; round++)
        {
            var (outputs, commons, synthetic, placement, addresses) = Place(thunks);
            var planned = thunks;
            if (arch.BranchReach != 0)
                using (timings.Start("Range-extension thunks"))
                    planned = ThunkPlanner.Plan(new Layout.Layout(res, arch, exports, traits, map, live, folded, needs, outputs, commons,
                        synthetic, placement, addresses, 0, thunks), thunks);                                                   // + SymbolAddresses
            if (!ReferenceEquals(planned, thunks))
            {
                if (round == ThunkPlanner.MaxRounds) throw ThunkPlanner.NotConverging(planned!.Count);
                thunks = planned;
                continue;
            }
            ulong entry = addresses.EntryPoint(placement, diagnostics);
            return new Layout.Layout(res, arch, exports, traits, map, live, folded, needs, outputs, commons, synthetic, placement, addresses, entry, thunks);
        }

        (OutputSections, CommonSymbols, SyntheticSections, Placement, SymbolAddresses) Place(RangeExtensionThunks? thunks)
        {
            OutputSections outputs;
            using (timings.Start("Output sections")) outputs = OutputSectionBuilder.Build(res, map, live, folded, work, thunks);             // + FoldedSections
            CommonSymbols commons;
            using (timings.Start("Common symbols")) commons = CommonSymbolAllocator.Allocate(res, needs, outputs.Table);             // + RelocationNeeds
            GdbIndex? gdbIndex = null;
            if (res.Options.GdbIndex)
                using (timings.Start("Gdb index")) gdbIndex = GdbIndexBuilder.Build(res, map, live, outputs, work);                   // + OutputSections
            SyntheticSections synthetic;
            using (timings.Start("Linker-made sections"))
                synthetic = SyntheticSectionBuilder.Build(arch, res, exports, traits, map, live, needs, outputs, commons, gdbIndex);  // + OutputSections, CommonSymbols
            KeptRelocations? kept = null;
            // The cmdlets reach here without the command line's early check: -q -s and friends are refused by name here too.
            if (res.Options.EmitRelocs) OptionConflicts.Check(res.Options);
            if (res.Options.EmitRelocs)
                using (timings.Start("Kept relocations")) kept = KeptRelocations.Build(res, map, folded, outputs, work);             // + OutputSections
            Placement placement;
            using (timings.Start("Addresses and symbol table"))
                placement = AddressAssigner.Assign(arch, res, map, outputs, commons, synthetic, kept, work);                         // + SyntheticSections, KeptRelocations
            SymbolAddresses addresses;
            using (timings.Start("Symbol values"))
                addresses = SymbolAddresses.Compute(arch, res, map, outputs, commons, needs, synthetic, placement, work);       // + Placement
            return (outputs, commons, synthetic, placement, addresses);
        }
    }

    /// <summary>Phases R1 to R3: the layout of a relocatable output (-r). Nothing is written.</summary>
    public static Relocatable.RelocatableLayout LayOutRelocatable(SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics, PhaseTimings timings) =>
        Relocatable.RelocatableLayout.Build(res, work, diagnostics, timings);                                                   // SymbolResolution

    /// <summary>Phase R4: fill the mapped relocatable output.</summary>
    public static void WriteRelocatable(Relocatable.RelocatableLayout layout, OutputFile output, ParallelWork work, PhaseTimings timings)
    {
        using (timings.Start("Write relocatable")) Relocatable.RelocatableWriter.Write(layout, output, work);                  // RelocatableLayout → bytes
        if (layout.BuildIdSection >= 0)
            using (timings.Start("Build id")) Relocatable.RelocatableWriter.FillBuildId(layout, output, work);                  // + every other byte
    }

    /// <summary>Phase 18: with --compress-debug-sections, the .debug_* sections relocated and compressed, which
    /// fixes the output's size; null without it (or with no debug section).</summary>
    public static CompressedDebugSections? CompressDebug(Layout.Layout layout, ParallelWork work, PhaseTimings timings)
    {
        if (layout.Placement.Compressed.Length == 0) return null;
        using (timings.Start("Compress debug sections")) return CompressedDebugSections.Build(layout, work);                  // Layout → compressed bytes
    }

    /// <summary>Phases 19 to 21: fill the mapped output. Then LinkSession checks that no input changed, commits the
    /// output (rename) and writes the reports (-Map, --why-extract, --dependency-file).</summary>
    public static void Write(Layout.Layout layout, CompressedDebugSections? debug, OutputFile output, ParallelWork work, PhaseTimings timings)
    {
        using (timings.Start("Copy and relocate sections")) ElfWriter.CopyAndRelocate(layout, debug, output, work);                    // Layout → bytes
        using (timings.Start("Write .eh_frame_hdr")) ElfWriter.WriteEhFrameHdr(layout, output);                                // + relocated .eh_frame
        if (layout.BuildIdNote is not null)
            using (timings.Start("Build id")) ElfWriter.FillBuildId(layout, output, work);                                     // + every other byte
    }
}
