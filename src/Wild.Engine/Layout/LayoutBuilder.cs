// Phase 4 (layout): decides which input sections survive (COMDAT, --gc-sections, .eh_frame FDEs), scans
// relocations to size the GOT/PLT and dynamic relocations, groups sections into output sections and
// segments the way GNU ld's default script does, and assigns every address and file offset. Nothing is
// written here: the writer fills exactly the space this phase sizes.
using System.Buffers.Binary;
using System.Text;
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

public static class LayoutBuilder
{
    public const ulong PageSize = 0x1000;

    public static Layout Build(SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics, PhaseTimings timings)
    {
        var layout = new Layout(res, Architecture.ForLink(res));
        var b = new Builder(layout, res, work, diagnostics);
        if (layout.IsDynamicOutput)
            using (timings.Start("Export policy")) layout.Exports = ExportPolicy.Build(res, work);
        // Every input to a symbol's traits is settled now (options, resolution, exports): cache them from here on.
        using (timings.Start("Symbol traits")) layout.CacheSymbolTraits(work);
        using (timings.Start("Classify sections")) b.Classify();
        using (timings.Start("Garbage-collect sections")) b.MarkLive();
        using (timings.Start("Scan relocations")) b.ScanRelocations();
        b.Place(timings);
        using (timings.Start("Symbol values")) layout.CacheSymbolValues(work);
        return layout;
    }

    private sealed class Builder(Layout layout, SymbolResolution res, ParallelWork work, DiagnosticBag diagnostics)
    {
        private readonly ObjectFile[] _objects = res.Objects;
        private readonly LinkOptions _options = res.Options;
        private string?[] _outName = [];
        private int[] _fdeHead = [];
        // Each FDE's relocations, chained per function section it covers; only --gc-sections walks them.
        private (int File, int Rela, int FirstReloc, int EndReloc, int Next)[] _fdes = [];
        private readonly List<OutputSection> _outputs = [];
        private readonly Dictionary<string, OutputSection> _byName = new(StringComparer.Ordinal);
        private readonly List<byte[]> _propertyNotes = [];
        private readonly Dictionary<(OutputSection, bool, ulong, ulong), MergeGroup> _mergeGroups = [];
        private bool _allHaveProperties = true;

        private int Flat(int file, int section) => layout.FileSectionBase[file] + section;

        // ---- 1. Which input sections can reach the output, and under which name.
        public void Classify()
        {
            var bases = new int[_objects.Length + 1];
            for (int f = 0; f < _objects.Length; f++)
                bases[f + 1] = bases[f] + (res.IsLoaded(f) ? _objects[f].SectionCount : 0);
            layout.FileSectionBase = bases;
            int total = bases[^1];
            _outName = new string?[total];
            layout.RelaOf = new int[total];
            layout.Live = new bool[total];
            layout.SectionOutput = new OutputSection?[total];
            layout.SectionOffset = new ulong[total];
            layout.MergeOf = new MergeInput?[total];
            bool linkFdes = _options.GcSections;
            if (linkFdes)
            {
                _fdeHead = new int[total];
                Array.Fill(_fdeHead, -1);
            }

            var loaded = res.LoadedFiles;
            var ehByFile = new List<EhFrameSection>?[loaded.Length];
            var fdesByFile = new List<(int TargetFlat, int Rela, int FirstReloc, int EndReloc)>?[loaded.Length];
            work.For(loaded.Length, i =>
            {
                int f = loaded[i];
                var obj = _objects[f];
                var headers = obj.SectionHeaders;
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    ref readonly var h = ref headers[s];
                    if (h.Type == SHT_RELA)
                    {
                        // The section's header (target, symbol table, entry size) was checked when the object was
                        // read (RelocationSections); its entries' symbol indices are checked once here, so every
                        // later phase may index the symbol table directly.
                        foreach (var rel in obj.Relocations(s))
                            if (rel.SymbolIndex >= (uint)obj.SymbolCount)
                                throw obj.Malformed($"relocation at {obj.SectionNameString((int)h.Info)}+0x{rel.Offset:x} references invalid symbol index {rel.SymbolIndex}");
                        layout.RelaOf[Flat(f, (int)h.Info)] = s;
                        continue;
                    }
                    if (h.Type == SHT_REL)
                        throw obj.Malformed($"section [{s}] uses SHT_REL relocations, which x86-64 objects never use");
                    if (h.Type is SHT_NULL or SHT_SYMTAB or SHT_STRTAB or SHT_GROUP or SHT_SYMTAB_SHNDX or SHT_LLVM_ADDRSIG)
                        continue;
                    if (res.IsDiscarded(f, s) || (h.Flags & SHF_EXCLUDE) != 0)
                        continue;
                    if ((h.Flags & SHF_COMPRESSED) != 0)
                    {
                        if (h.IsAlloc)
                            throw obj.Malformed($"section [{s}] {obj.SectionNameString(s)} is SHF_COMPRESSED and allocatable");
                        if (!_options.StripDebug)
                            throw new LinkException(ErrorId.UnsupportedSection,
                                $"{obj.DisplayName}: compressed section {obj.SectionNameString(s)} is not supported yet; rebuild without -gz, or link with -S",
                                obj.DisplayName);
                        continue;
                    }
                    var name = obj.SectionName(s);
                    if (h.Type == SHT_X86_64_UNWIND && !name.SequenceEqual(".eh_frame"u8))
                        throw new LinkException(ErrorId.UnsupportedSection,
                            $"{obj.DisplayName}: unwind section {obj.SectionNameString(s)} is not supported", obj.DisplayName);
                    var outName = OutputName(name, h.Type, h.Flags, _options.StripDebug || _options.StripAll);
                    _outName[Flat(f, s)] = outName;
                    // Without --gc-sections every section that goes to the output is live; saying so here, in
                    // the parallel pass, saves a serial walk over every section.
                    if (!_options.GcSections && outName is not null) layout.Live[Flat(f, s)] = true;
                }
                // .eh_frame records, and the function section each FDE covers.
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    if (_outName[Flat(f, s)] != ".eh_frame") continue;
                    var eh = EhFrameSection.Parse(obj, f, s, layout.RelaOf[Flat(f, s)]);
                    (ehByFile[i] ??= []).Add(eh);
                    if (!linkFdes) continue;
                    var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
                    foreach (var rec in eh.Records)
                    {
                        if (!rec.IsFde) continue;
                        int r = EhFrameSection.PcBeginReloc(relocs, rec);
                        if (r < 0) continue;
                        var (tf, ts) = TargetSection(f, (int)relocs[r].SymbolIndex);
                        if (ts > 0) (fdesByFile[i] ??= []).Add((Flat(tf, ts), eh.RelaSection, rec.FirstReloc, rec.EndReloc));
                    }
                }
            });

            // Merge per-file results in input order.
            int fdeCount = 0;
            foreach (var list in fdesByFile) fdeCount += list?.Count ?? 0;
            _fdes = new (int, int, int, int, int)[fdeCount];
            fdeCount = 0;
            for (int i = 0; i < loaded.Length; i++)
            {
                int f = loaded[i];
                foreach (var eh in ehByFile[i] ?? [])
                {
                    layout.EhFrames.Add(eh);
                    layout.EhFrameBySection[Flat(f, eh.Section)] = eh;
                }
                foreach (var (target, rela, first, end) in fdesByFile[i] ?? [])
                {
                    _fdes[fdeCount] = (f, rela, first, end, _fdeHead[target]);
                    _fdeHead[target] = fdeCount++;
                }
            }

            // .note.gnu.property notes, in input order.
            foreach (int f in loaded)
            {
                var obj = _objects[f];
                bool hasProperty = false;
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    if (obj.SectionHeaders[s].Type == SHT_NOTE && obj.SectionNameIs(s, ".note.gnu.property"u8) && !res.IsDiscarded(f, s))
                    {
                        _propertyNotes.Add(obj.SectionData(s).ToArray());
                        hasProperty = true;
                    }
                }
                // Crt objects without code carry no property note but do not weaken the AND (ld ignores
                // objects with no executable sections for this purpose).
                if (!hasProperty && HasCode(obj)) _allHaveProperties = false;
            }
        }

        private static bool HasCode(ObjectFile obj)
        {
            var headers = obj.SectionHeaders;
            for (int s = 1; s < headers.Length; s++)
                if (headers[s].IsExecutable && headers[s].Size > 0) return true;
            return false;
        }

        /// <summary>The input section a relocation's symbol lives in: (file, section), section 0 if none.</summary>
        private (int File, int Section) TargetSection(int f, int symbolIndex)
        {
            var obj = _objects[f];
            if (symbolIndex >= obj.SymbolCount)
                throw obj.Malformed($"relocation references symbol index {symbolIndex} beyond the symbol table");
            if (symbolIndex < obj.FirstGlobal)
                return (f, obj.SymbolSection(symbolIndex));
            var def = res.Resolve(f, symbolIndex);
            if (def.Value < 0 || res.IsSynthetic(def)) return (f, 0);
            int df = layout.Db.FileOf(def);
            if (_objects[df].IsShared) return (f, 0); // defined at run time: no input section to keep
            return (df, _objects[df].SymbolSection(def.Value - layout.Db.FirstSymbol(df)));
        }

        // ---- 2. Liveness: everything, or what is reachable from the roots with --gc-sections.
        public void MarkLive()
        {
            var live = layout.Live;
            var loaded = res.LoadedFiles;
            // Without --gc-sections Classify marked every section with an output live.
            if (_options.GcSections)
            {
                var stack = new Stack<(int, int)>();
                void Mark(int f, int s)
                {
                    if (s <= 0) return;
                    int flat = Flat(f, s);
                    if (live[flat] || _outName[flat] is null) return;
                    live[flat] = true;
                    stack.Push((f, s));
                }
                var startStop = new HashSet<string>(StringComparer.Ordinal);
                foreach (var sym in res.Synthetic)
                    if (sym.Kind is SyntheticKind.SectionStart or SyntheticKind.SectionEnd && sym.Section is not null)
                        startStop.Add(sym.Section);
                foreach (int f in loaded)
                {
                    var obj = _objects[f];
                    var headers = obj.SectionHeaders;
                    for (int s = 1; s < obj.SectionCount; s++)
                    {
                        int flat = Flat(f, s);
                        if (_outName[flat] is null) continue;
                        ref readonly var h = ref headers[s];
                        // Non-allocated sections (debug info) are kept, but do not keep code alive.
                        if (!h.IsAlloc) { live[flat] = true; continue; }
                        if (IsGcRoot(obj.SectionName(s), h.Type, h.Flags) || startStop.Contains(_outName[flat]!))
                            Mark(f, s);
                    }
                }
                foreach (var eh in layout.EhFrames)
                {
                    // CIE relocations (personality routines) stay: they are tiny and always needed by C++.
                    var obj = _objects[eh.File];
                    var relocs = eh.RelaSection > 0 ? obj.Relocations(eh.RelaSection) : default;
                    foreach (var rec in eh.Records)
                        if (!rec.IsFde)
                            for (int r = rec.FirstReloc; r < rec.EndReloc; r++)
                            {
                                var (tf, ts) = TargetSection(eh.File, (int)relocs[r].SymbolIndex);
                                Mark(tf, ts);
                            }
                }
                if (layout.IsSharedOutput)
                    // Every exported definition of a shared object is reachable from outside.
                    for (int n = 0; n < layout.Db.NameCount; n++)
                    {
                        var def = res.Definition(new NameId(n));
                        if (def.Value < 0 || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
                        int df = layout.Db.FileOf(def);
                        ref readonly var ds = ref _objects[df].Symbols[def.Value - layout.Db.FirstSymbol(df)];
                        if (ds.Visibility is STV_DEFAULT or STV_PROTECTED)
                            Mark(df, _objects[df].SymbolSection(def.Value - layout.Db.FirstSymbol(df)));
                    }
                foreach (var rootName in _options.Undefined.Append(_options.Entry ?? "_start"))
                {
                    var name = layout.Db.Lookup(rootName);
                    if (name.IsNone) continue;
                    var def = res.Definition(name);
                    if (def.Value < 0 || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
                    int df = layout.Db.FileOf(def);
                    Mark(df, _objects[df].SymbolSection(def.Value - layout.Db.FirstSymbol(df)));
                }
                while (stack.Count > 0)
                {
                    var (f, s) = stack.Pop();
                    var obj = _objects[f];
                    int rela = layout.RelaOf[Flat(f, s)];
                    if (rela > 0)
                        foreach (var rel in obj.Relocations(rela))
                        {
                            var (tf, ts) = TargetSection(f, (int)rel.SymbolIndex);
                            Mark(tf, ts);
                        }
                    // A live function keeps what its FDE references (LSDA in .gcc_except_table, and through it typeinfo).
                    for (int i = _fdeHead[Flat(f, s)]; i >= 0; i = _fdes[i].Next)
                    {
                        var (ef, erela, first, end, _) = _fdes[i];
                        var relocs = _objects[ef].Relocations(erela);
                        for (int r = first; r < end; r++)
                        {
                            var (tf, ts) = TargetSection(ef, (int)relocs[r].SymbolIndex);
                            Mark(tf, ts);
                        }
                    }
                }
                foreach (var eh in layout.EhFrames)
                    live[Flat(eh.File, eh.Section)] = true;
                if (_options.PrintGcSections)
                    foreach (int f in loaded)
                        for (int s = 1; s < _objects[f].SectionCount; s++)
                            if (_outName[Flat(f, s)] is not null && !live[Flat(f, s)] && _objects[f].SectionHeaders[s].Size > 0)
                                diagnostics.Info($"removing unused section '{_objects[f].SectionNameString(s)}' in file '{_objects[f].DisplayName}'");
            }

            // FDEs survive only with their function.
            foreach (var eh in layout.EhFrames)
            {
                var obj = _objects[eh.File];
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
                            var (tf, ts) = TargetSection(eh.File, (int)relocs[r].SymbolIndex);
                            keep = ts > 0 && live[Flat(tf, ts)];
                        }
                        if (keep) liveFdes++;
                    }
                    rec.OutputOffset = keep ? outOffset : -1;
                    if (keep) outOffset += rec.Length;
                }
                eh.OutputSize = outOffset;
                eh.LiveFdeCount = liveFdes;
                layout.EhFdeCount += liveFdes;
            }
        }

        // ---- 3. Relocation scan: GOT/PLT needs and dynamic relocation counts, in parallel per file.
        public void ScanRelocations()
        {
            int symbolSlots = layout.Db.FileSymbolCount + res.Synthetic.Length;
            var flags = new int[symbolSlots];
            var loaded = res.LoadedFiles;
            var relativeCounts = new int[loaded.Length];
            var symbolicCounts = new int[loaded.Length];
            int moduleSlotUsers = 0;
            var arch = layout.Arch;
            work.For(loaded.Length, i =>
            {
                int f = loaded[i];
                var obj = _objects[f];
                var headers = obj.SectionHeaders;
                var scan = new FileScan(layout, f, flags);
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    int flat = Flat(f, s);
                    int rela = layout.RelaOf[flat];
                    if (rela == 0 || !layout.Live[flat] || !headers[s].IsAlloc) continue;
                    arch.ScanSection(ref scan, s, obj.Relocations(rela), _outName[flat] == ".eh_frame");
                }
                relativeCounts[i] = scan.RelativeCount;
                symbolicCounts[i] = scan.SymbolicCount;
                if (scan.UsesModuleSlot) Interlocked.Increment(ref moduleSlotUsers);
            });
            layout.SymbolFlags = new int[symbolSlots];
            Array.Copy(flags, layout.SymbolFlags, symbolSlots);
            layout.FileRelativeCount = relativeCounts;
            layout.FileSymbolicCount = symbolicCounts;

            // Slots are handed out in SymbolId order, so the GOT is the same whatever the thread count.
            layout.GotIndex = new int[symbolSlots];
            layout.PltIndex = new int[symbolSlots];
            Array.Fill(layout.GotIndex, -1);
            Array.Fill(layout.PltIndex, -1);
            int gotRelative = 0, gotSlots = 0;
            for (int id = 0; id < symbolSlots; id++)
            {
                int fl = flags[id];
                if ((fl & SymbolNeeds.Plt) != 0)
                {
                    layout.PltIndex[id] = layout.PltSymbols.Count;
                    layout.PltSymbols.Add(new SymbolId(id));
                }
                if ((fl & SymbolNeeds.GotKinds) != 0)
                {
                    layout.GotIndex[id] = gotSlots;
                    gotSlots += GotEntries.SlotCount(fl);
                    layout.GotSymbols.Add(new SymbolId(id));
                    GotEntries.Relocations(layout, new SymbolId(id), default, ref gotRelative, default, ref layout.GotDynamicCount);
                    if ((fl & SymbolNeeds.GotTp) != 0 && layout.IsSharedOutput) layout.UsesStaticTls = true;
                }
                if ((fl & SymbolNeeds.Copy) != 0)
                    layout.CopySymbols.Add(new SymbolId(id));
            }
            if (moduleSlotUsers > 0)
            {
                layout.TlsModuleSlot = gotSlots;
                gotSlots += 2;
                layout.GotDynamicCount++;
            }
            layout.GotSlotCount = gotSlots;

            // .rela.dyn: every RELATIVE first (DT_RELACOUNT counts them), then symbolic relocations, GOT
            // imports and copies. Each object writes its own slices, so the order is fixed by input order.
            layout.FileRelativeStart = new int[loaded.Length];
            int next = 0;
            for (int i = 0; i < loaded.Length; i++) { layout.FileRelativeStart[i] = next; next += relativeCounts[i]; }
            layout.GotRelativeStart = next;
            next += gotRelative;
            layout.RelativeCount = next;
            layout.FileSymbolicStart = new int[loaded.Length];
            for (int i = 0; i < loaded.Length; i++) { layout.FileSymbolicStart[i] = next; next += symbolicCounts[i]; }
            layout.GotDynamicStart = next;
            next += layout.GotDynamicCount;
            layout.CopyRelocStart = next;
            next += layout.CopySymbols.Count;
            layout.DynamicRelocCount = next;
        }

        // ---- 4. Output sections, sizes, segments and addresses.
        public void Place(PhaseTimings timings)
        {
            using (timings.Start("Output sections")) CreateOutputSections();
            using (timings.Start("Common symbols")) AllocateCommons();
            AllocateCopies();
            if (layout.IsDynamicOutput)
                layout.DynamicTables = new DynamicTables(layout, res, _options.RPath);
            using (timings.Start("Linker-made sections")) CreateSyntheticSections();
            using var _ = timings.Start("Addresses and symbol table");
            var ordered = _outputs.Where(o => o.Size > 0 || o.Synthetic != SyntheticContent.None || o.Inputs.Count > 0)
                .OrderBy(o => o.Rank).ThenBy(o => o.FirstSeen).ToList();
            // Drop empty synthetic sections that are optional.
            ordered.RemoveAll(o => o.Size == 0 && o.Synthetic is SyntheticContent.Got or SyntheticContent.Plt
                                   or SyntheticContent.RelaPlt or SyntheticContent.RelaDyn && !(o.Synthetic == SyntheticContent.RelaDyn && layout.Dynamic is not null));
            for (int i = 0; i < ordered.Count; i++) ordered[i].HeaderIndex = i + 1;
            layout.Sections = ordered.ToArray();
            AssignAddresses();
            ComputeSyntheticSymbols();
            layout.DynamicTables?.Fill(layout, res, layout.DynSym!, layout.GnuHash, layout.SysvHash, layout.VerSym, layout.VerNeed);
            PlaceNonAlloc();
        }

        private OutputSection GetOutput(string name, uint type, ulong flags, SyntheticContent synthetic = SyntheticContent.None)
        {
            if (!_byName.TryGetValue(name, out var os))
            {
                os = new OutputSection { Name = name, Type = type, Flags = flags, Synthetic = synthetic, FirstSeen = _outputs.Count };
                os.Rank = RankOf(name, type, flags);
                _byName[name] = os;
                _outputs.Add(os);
            }
            return os;
        }

        private bool Mergeable(int f, int s)
        {
            int flat = Flat(f, s);
            ref readonly var h = ref _objects[f].SectionHeaders[s];
            return _outName[flat] is not null && layout.Live[flat]
                && (h.Flags & SHF_MERGE) != 0 && h.EntrySize is > 0 and <= 64 && layout.RelaOf[flat] == 0 && h.Type == SHT_PROGBITS;
        }

        private void CreateOutputSections()
        {
            // Splitting and hashing merge pieces is most of this phase and each input's own business: done
            // per file in parallel; only adding the pieces to their groups runs below, in input order.
            var loaded = res.LoadedFiles;
            var splits = new List<MergeSplit>?[loaded.Length];
            work.For(loaded.Length, i =>
            {
                int f = loaded[i];
                var headers = _objects[f].SectionHeaders;
                for (int s = 1; s < _objects[f].SectionCount; s++)
                    if (Mergeable(f, s))
                        (splits[i] ??= []).Add(MergeInput.Split(_objects, f, s, (headers[s].Flags & SHF_STRINGS) != 0, (int)headers[s].EntrySize));
            });
            // Runs of sections share an output (.text after .text): the last lookup is reused by reference.
            string? lastName = null;
            OutputSection? lastOutput = null;
            for (int i = 0; i < loaded.Length; i++)
            {
                int f = loaded[i];
                int nextSplit = 0;
                var obj = _objects[f];
                var headers = obj.SectionHeaders;
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    int flat = Flat(f, s);
                    var name = _outName[flat];
                    if (name is null || !layout.Live[flat]) continue;
                    ref readonly var h = ref headers[s];
                    ulong flags = h.Flags & (SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR | SHF_TLS | SHF_MERGE | SHF_STRINGS);
                    if (!ReferenceEquals(name, lastName))
                    {
                        lastOutput = GetOutput(name, h.Type, flags, name == ".eh_frame" ? SyntheticContent.EhFrame : SyntheticContent.None);
                        lastName = name;
                    }
                    var os = lastOutput!;
                    // Mixed inputs: any PROGBITS makes the output PROGBITS (NOBITS inputs are then zero-filled).
                    if (os.Type == SHT_NOBITS && h.Type != SHT_NOBITS) os.Type = h.Type;
                    if (os.Type != h.Type && h.Type != SHT_NOBITS && os.Type == SHT_PROGBITS && h.Type is SHT_INIT_ARRAY or SHT_FINI_ARRAY or SHT_PREINIT_ARRAY)
                        os.Type = h.Type;
                    os.Flags |= flags & (SHF_WRITE | SHF_ALLOC | SHF_EXECINSTR | SHF_TLS);
                    if ((flags & SHF_MERGE) == 0) os.Flags &= ~(SHF_MERGE | SHF_STRINGS);
                    if (os.EntrySize == 0) os.EntrySize = h.EntrySize;
                    else if (os.EntrySize != h.EntrySize) os.EntrySize = 0;
                    if (Mergeable(f, s))
                    {
                        bool strings = (h.Flags & SHF_STRINGS) != 0;
                        var key = (os, strings, h.EntrySize, Math.Max(1, h.AddressAlign));
                        bool carrier = !_mergeGroups.TryGetValue(key, out var group);
                        if (carrier)
                        {
                            group = new MergeGroup { Output = os, Carrier = new InputSectionRef(f, s) };
                            _mergeGroups[key] = group;
                            layout.MergeGroups.Add(group);
                        }
                        group!.AddMember(flat, f, s, splits[i]![nextSplit++]);
                        layout.SectionOutput[flat] = os;
                        if (!carrier) continue;
                    }
                    os.Inputs.Add(new InputSectionRef(f, s));
                }
            }
            // Groups are independent: each deduplicates its pieces (itself sharded) before sizes are needed below.
            foreach (var group in layout.MergeGroups)
                group.Deduplicate(_objects, work, layout.MergeOf);
            foreach (var os in _outputs)
            {
                if (os.Name is ".init_array" or ".fini_array" or ".preinit_array")
                {
                    var keyed = os.Inputs.Select((r, i) => (r, i, p: InitPriority(_objects[r.File].SectionName(r.Section)))).ToList();
                    keyed.Sort((a, b) => a.p != b.p ? a.p.CompareTo(b.p) : a.i.CompareTo(b.i));
                    os.Inputs.Clear();
                    os.Inputs.AddRange(keyed.Select(k => k.r));
                }
                if (os.Synthetic != SyntheticContent.None && os.Synthetic != SyntheticContent.EhFrame) continue;
                ulong offset = 0, align = 1;
                foreach (var r in os.Inputs)
                {
                    ref readonly var h = ref _objects[r.File].SectionHeaders[r.Section];
                    // .eh_frame chunks are packed: a zero gap would read as the terminator to a frame walker
                    // (crtbeginT's __EH_FRAME_BEGIN__ registration walks records until a zero length).
                    ulong a = os.Synthetic == SyntheticContent.EhFrame ? 4 : Math.Max(1, h.AddressAlign);
                    offset = AlignUp(offset, a);
                    align = Math.Max(align, a);
                    layout.SectionOffset[Flat(r.File, r.Section)] = offset;
                    layout.SectionOutput[Flat(r.File, r.Section)] = os;
                    offset += os.Synthetic == SyntheticContent.EhFrame
                        ? (ulong)layout.EhFrameBySection[Flat(r.File, r.Section)].OutputSize
                        : layout.MergeOf[Flat(r.File, r.Section)] is { } merged ? merged.Group.Size : h.Size;
                }
                if (os.Synthetic == SyntheticContent.EhFrame) offset += 4; // the zero terminator
                os.Size = offset;
                os.Align = align;
            }
            // Every member of a merged kind lives at its carrier's chunk (placed above).
            for (int flat = 0; flat < layout.MergeOf.Length; flat++)
                if (layout.MergeOf[flat] is { Group.Carrier: var carrier })
                    layout.SectionOffset[flat] = layout.SectionOffset[Flat(carrier.File, carrier.Section)];
        }

        private void AllocateCommons()
        {
            ulong offset = 0, align = 1;
            var db = layout.Db;
            foreach (var (name, commonAlign) in res.Commons)
            {
                var def = res.Definition(name);
                int f = db.FileOf(def);
                var obj = _objects[f];
                int si = def.Value - db.FirstSymbol(f);
                ref readonly var sym = ref obj.Symbols[si];
                if (sym.Type == STT_TLS)
                    throw new LinkException(ErrorId.UnsupportedInput, $"{obj.DisplayName}: TLS common symbol '{obj.SymbolNameString(si)}' is not supported", obj.DisplayName);
                // The largest tentative definition won in resolution, which also kept the largest alignment.
                ulong a = Math.Max(1, commonAlign);
                offset = AlignUp(offset, a);
                align = Math.Max(align, a);
                layout.CommonOffset[def.Value] = offset;
                offset += sym.Size;
            }
            if (layout.CommonOffset.Count == 0) return;
            var bss = GetOutput(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE);
            bss.Align = Math.Max(bss.Align, align);
            layout.CommonBase = AlignUp(bss.Size, align);
            bss.Size = layout.CommonBase + offset;
            layout.CommonSection = bss;
        }

        /// <summary>Space in .bss for shared-object data the executable refers to directly (copy relocations).</summary>
        private void AllocateCopies()
        {
            if (layout.CopySymbols.Count == 0) return;
            var db = layout.Db;
            var bss = GetOutput(".bss", SHT_NOBITS, SHF_ALLOC | SHF_WRITE);
            ulong offset = 0, align = 1;
            foreach (var id in layout.CopySymbols)
            {
                int f = db.FileOf(id);
                var obj = _objects[f];
                int si = id.Value - db.FirstSymbol(f);
                // The library binds its own references to a protected symbol, so a copy would split it in two.
                if (obj.Symbols[si].Visibility == STV_PROTECTED)
                    throw new LinkException(ErrorId.UnsupportedRelocation,
                        $"cannot copy-relocate protected symbol '{db.NameString(db.NameOf(id))}' defined in {obj.DisplayName}; compile the program with -fPIC or access it through a function",
                        obj.DisplayName);
                int sec = obj.SymbolSection(si);
                ulong a = sec > 0 ? Math.Clamp(obj.SectionHeaders[sec].AddressAlign, 1, 64) : 8;
                offset = AlignUp(offset, a);
                align = Math.Max(align, a);
                layout.CopyOffset[id.Value] = offset;
                offset += Math.Max(1, obj.Symbols[si].Size);
            }
            bss.Align = Math.Max(bss.Align, align);
            layout.CopyBase = AlignUp(bss.Size, align);
            bss.Size = layout.CopyBase + offset;
            layout.CopySection = bss;
        }

        private void CreateSyntheticSections()
        {
            bool pie = layout.IsPie;
            bool dynamicTables = _options.Kind == OutputKind.StaticPie;
            var properties = MergeProperties();
            if (properties is not null)
            {
                var note = GetOutput(".note.gnu.property", SHT_NOTE, SHF_ALLOC, SyntheticContent.PropertyNote);
                note.Rank = RankNoteProperty;
                note.Align = 8;
                note.Contents = properties;
                note.Size = (ulong)properties.Length;
            }
            if (_options.BuildId != BuildIdKind.None)
            {
                var note = GetOutput(".note.gnu.build-id", SHT_NOTE, SHF_ALLOC, SyntheticContent.BuildIdNote);
                note.Rank = RankNoteBuildId;
                note.Align = 4;
                note.Size = 16 + (ulong)BuildIdLength(_options);
                layout.BuildIdNote = note;
            }
            if (layout.DynamicTables is { } dyn)
            {
                // Executables name their dynamic loader; a shared object is loaded by whoever loads it.
                if (!layout.IsSharedOutput)
                {
                    string interpreter = (_options.DynamicLinker ?? layout.Arch.DefaultDynamicLinker) + "\0";
                    var interp = GetOutput(".interp", SHT_PROGBITS, SHF_ALLOC, SyntheticContent.Interp);
                    interp.Rank = RankInterp; interp.Contents = Encoding.UTF8.GetBytes(interpreter); interp.Size = (ulong)interp.Contents.Length;
                    layout.Interp = interp;
                }
                if (_options.HashStyle is HashStyle.Gnu or HashStyle.Both)
                {
                    var gh = GetOutput(".gnu.hash", SHT_GNU_HASH, SHF_ALLOC, SyntheticContent.GnuHash);
                    gh.Rank = RankDynTables; gh.Align = 8; gh.Size = dyn.GnuHashSize;
                    layout.GnuHash = gh;
                }
                if (_options.HashStyle is HashStyle.Sysv or HashStyle.Both)
                {
                    var hh = GetOutput(".hash", SHT_HASH, SHF_ALLOC, SyntheticContent.SysvHash);
                    hh.Rank = RankDynTables; hh.Align = 8; hh.EntrySize = 4; hh.Size = dyn.SysvHashSize;
                    layout.SysvHash = hh;
                }
                var dynsym = GetOutput(".dynsym", SHT_DYNSYM, SHF_ALLOC, SyntheticContent.DynSym);
                dynsym.Rank = RankDynTables; dynsym.Align = 8; dynsym.EntrySize = SymbolSize; dynsym.Info = 1;
                dynsym.Size = (ulong)dyn.Count * SymbolSize;
                layout.DynSym = dynsym;
                var dynstr = GetOutput(".dynstr", SHT_STRTAB, SHF_ALLOC, SyntheticContent.DynStr);
                dynstr.Rank = RankDynTables; dynstr.Contents = dyn.StringTable; dynstr.Size = (ulong)dynstr.Contents.Length;
                if (dyn.HasVersions)
                {
                    var versym = GetOutput(".gnu.version", SHT_GNU_versym, SHF_ALLOC, SyntheticContent.VerSym);
                    versym.Rank = RankDynTables; versym.Align = 2; versym.EntrySize = 2; versym.Size = (ulong)dyn.Count * 2;
                    layout.VerSym = versym;
                    if (dyn.VersionDefinitionCount > 0)
                    {
                        var verdef = GetOutput(".gnu.version_d", SHT_GNU_verdef, SHF_ALLOC, SyntheticContent.VerDef);
                        verdef.Rank = RankDynTables; verdef.Align = 8; verdef.Info = (uint)dyn.VersionDefinitionCount; verdef.Size = dyn.VersionDefinitionSize;
                        layout.VerDef = verdef;
                    }
                    if (dyn.VersionNeedCount > 0)
                    {
                        var verneed = GetOutput(".gnu.version_r", SHT_GNU_verneed, SHF_ALLOC, SyntheticContent.VerNeed);
                        verneed.Rank = RankDynTables; verneed.Align = 8; verneed.Info = (uint)dyn.VersionNeedCount; verneed.Size = dyn.VersionNeedSize;
                        layout.VerNeed = verneed;
                    }
                }
            }
            else if (dynamicTables)
            {
                var gnuHash = GetOutput(".gnu.hash", SHT_GNU_HASH, SHF_ALLOC, SyntheticContent.GnuHash);
                gnuHash.Rank = RankDynTables; gnuHash.Align = 8; gnuHash.Size = 28;
                var dynsym = GetOutput(".dynsym", SHT_DYNSYM, SHF_ALLOC, SyntheticContent.DynSym);
                dynsym.Rank = RankDynTables; dynsym.Align = 8; dynsym.Size = SymbolSize; dynsym.EntrySize = SymbolSize; dynsym.Info = 1;
                var dynstr = GetOutput(".dynstr", SHT_STRTAB, SHF_ALLOC, SyntheticContent.DynStr);
                dynstr.Rank = RankDynTables; dynstr.Size = 1;
            }
            if (layout.DynamicTables is not null || dynamicTables)
            {
                // A static PIE has only RELATIVE relocations; a dynamic executable adds imports and copies.
                var relaDyn = GetOutput(".rela.dyn", SHT_RELA, SHF_ALLOC, SyntheticContent.RelaDyn);
                relaDyn.Rank = RankRela; relaDyn.Align = 8; relaDyn.EntrySize = RelaSize;
                relaDyn.Size = (ulong)layout.DynamicRelocCount * RelaSize;
                layout.RelaDyn = relaDyn;
                var dynamic = GetOutput(".dynamic", SHT_DYNAMIC, SHF_ALLOC | SHF_WRITE, SyntheticContent.Dynamic);
                dynamic.Rank = RankDynamic; dynamic.Align = 8; dynamic.EntrySize = DynSize;
                dynamic.Size = (ulong)DynamicEntryCount() * DynSize;
                layout.Dynamic = dynamic;
            }
            if (layout.PltSymbols.Count > 0)
            {
                var rela = GetOutput(".rela.plt", SHT_RELA, SHF_ALLOC | SHF_INFO_LINK, SyntheticContent.RelaPlt);
                rela.Rank = RankRela; rela.Align = 8; rela.EntrySize = RelaSize;
                rela.Size = (ulong)layout.PltSymbols.Count * RelaSize;
                layout.RelaPlt = rela;
                var plt = GetOutput(".plt", SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, SyntheticContent.Plt);
                plt.Rank = RankPlt; plt.Align = 16; plt.EntrySize = layout.Arch.PltEntrySize;
                // A dynamic output's PLT starts with PLT0, the lazy-binding trampoline into ld.so.
                layout.PltHeaderSize = layout.Arch.PltHeaderSize(layout.IsDynamicOutput);
                plt.Size = layout.PltHeaderSize + (ulong)layout.PltSymbols.Count * layout.Arch.PltEntrySize;
                layout.Plt = plt;
            }
            if (layout.GotSlotCount > 0 || pie || layout.IsDynamicOutput)
            {
                var got = GetOutput(".got", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, SyntheticContent.Got);
                got.Rank = RankGot; got.Align = 8; got.EntrySize = 8;
                got.Size = (ulong)layout.GotSlotCount * 8;
                layout.Got = got;
            }
            var gotPlt = GetOutput(".got.plt", SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, SyntheticContent.GotPlt);
            gotPlt.Rank = RankGotPlt; gotPlt.Align = 8; gotPlt.EntrySize = 8;
            gotPlt.Size = (ulong)(3 + layout.PltSymbols.Count) * 8;
            layout.GotPlt = gotPlt;
            if (_options.EhFrameHdr && _byName.ContainsKey(".eh_frame"))
            {
                var hdr = GetOutput(".eh_frame_hdr", SHT_PROGBITS, SHF_ALLOC, SyntheticContent.EhFrameHdr);
                hdr.Rank = RankEhFrameHdr; hdr.Align = 4;
                hdr.Size = 12 + (ulong)layout.EhFdeCount * 8;
                layout.EhFrameHdr = hdr;
            }
            var comment = GetOutput(".comment", SHT_PROGBITS, SHF_MERGE | SHF_STRINGS, SyntheticContent.Comment);
            comment.EntrySize = 1;
            comment.Contents = MergeComments();
            comment.Size = (ulong)comment.Contents.Length;
        }

        private bool IsPieExecutable => _options.Kind is OutputKind.Pie or OutputKind.StaticPie;

        private int DynamicEntryCount()
        {
            int n = 0;
            if (layout.DynamicTables is { } dyn)
            {
                n += dyn.NeededOffsets.Count() + (dyn.RunPathOffsets.Count > 0 ? 1 : 0) + (dyn.SoNameOffset is not null ? 1 : 0);
                if (layout.SysvHash is not null) n++;
                if (layout.GnuHash is null) n--; // GNU_HASH is counted below
                if (dyn.HasVersions) n++; // VERSYM
                if (dyn.VersionNeedCount > 0) n += 2; // VERNEED VERNEEDNUM
                if (dyn.VersionDefinitionCount > 0) n += 2; // VERDEF VERDEFNUM
            }
            if (_byName.ContainsKey(".init")) n++;
            if (_byName.ContainsKey(".fini")) n++;
            foreach (var a in (string[])[".preinit_array", ".init_array", ".fini_array"])
                if (_byName.ContainsKey(a)) n += 2;
            n += 6; // GNU_HASH STRTAB SYMTAB STRSZ SYMENT DEBUG
            if (layout.PltSymbols.Count > 0) n += 4; // PLTGOT PLTRELSZ PLTREL JMPREL
            n += 3; // RELA RELASZ RELAENT
            if (_options.Z.Now || layout.UsesStaticTls) n++; // FLAGS
            if (_options.Z.Now) n++; // BIND_NOW
            if (IsPieExecutable || _options.Z.Now) n++; // FLAGS_1
            if (layout.RelativeCount > 0) n++; // RELACOUNT
            return n + 1; // NULL
        }

        internal static int BuildIdLength(LinkOptions options) => options.BuildId switch
        {
            BuildIdKind.Fast => 8,
            BuildIdKind.Md5 or BuildIdKind.Uuid => 16,
            BuildIdKind.Sha1 => 20,
            BuildIdKind.Hex => options.BuildIdBytes?.Length ?? 0,
            _ => 0,
        };

        private byte[] MergeComments()
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var list = new List<string>();
            foreach (int f in res.LoadedFiles)
            {
                var obj = _objects[f];
                for (int s = 1; s < obj.SectionCount; s++)
                {
                    if (obj.SectionHeaders[s].Type != SHT_PROGBITS || !obj.SectionNameIs(s, ".comment"u8)) continue;
                    foreach (var part in Encoding.UTF8.GetString(obj.SectionData(s)).Split('\0'))
                        if (part.Length > 0 && seen.Add(part)) list.Add(part);
                }
            }
            list.Add($"Linker: Wild {LinkerVersion.Text}");
            var bytes = new List<byte>();
            foreach (var s in list) { bytes.AddRange(Encoding.UTF8.GetBytes(s)); bytes.Add(0); }
            return bytes.ToArray();
        }

        /// <summary>
        /// One .note.gnu.property: x86 feature bits ANDed over the inputs, ISA bits ORed; -z ibt / -z shstk
        /// set their bit whatever the inputs say.
        /// </summary>
        private byte[]? MergeProperties()
        {
            uint forced = (_options.Z.Ibt ? GNU_PROPERTY_X86_FEATURE_1_IBT : 0) | (_options.Z.Shstk ? GNU_PROPERTY_X86_FEATURE_1_SHSTK : 0);
            if (_propertyNotes.Count == 0 && forced == 0) return null;
            uint? featureAnd = null;
            uint isaNeeded = 0;
            bool anyIsa = false, allFeature = _allHaveProperties;
            foreach (var note in _propertyNotes)
            {
                bool hasFeature = false;
                int pos = 0;
                while (pos + 16 <= note.Length)
                {
                    uint namesz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos));
                    uint descsz = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 4));
                    uint type = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(pos + 8));
                    int desc = pos + 12 + (int)AlignUp(namesz, 8);
                    if (namesz > 64 || descsz > (uint)note.Length || desc + (long)descsz > note.Length) break;
                    if (type == NT_GNU_PROPERTY_TYPE_0)
                    {
                        int p = desc, end = desc + (int)descsz;
                        while (p + 8 <= end)
                        {
                            uint prType = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p));
                            uint prSize = BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 4));
                            if (prSize > (uint)(end - p - 8)) break;
                            uint value = prSize >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(note.AsSpan(p + 8)) : 0;
                            if (prType == GNU_PROPERTY_X86_FEATURE_1_AND) { featureAnd = (featureAnd ?? uint.MaxValue) & value; hasFeature = true; }
                            else if (prType == GNU_PROPERTY_X86_ISA_1_NEEDED) { isaNeeded |= value; anyIsa = true; }
                            p += 8 + (int)AlignUp(prSize, 8);
                        }
                    }
                    pos = desc + (int)AlignUp(descsz, 8);
                }
                if (!hasFeature) allFeature = false;
            }
            var props = new List<(uint Type, uint Value)>();
            uint feature = (allFeature && featureAnd is uint fa ? fa : 0) | forced;
            if (feature != 0) props.Add((GNU_PROPERTY_X86_FEATURE_1_AND, feature));
            if (anyIsa) props.Add((GNU_PROPERTY_X86_ISA_1_NEEDED, isaNeeded));
            if (props.Count == 0) return null;
            var bytes = new byte[16 + props.Count * 16];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, 4);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(props.Count * 16));
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), NT_GNU_PROPERTY_TYPE_0);
            "GNU\0"u8.CopyTo(bytes.AsSpan(12));
            props.Sort((a, b) => a.Type.CompareTo(b.Type));
            for (int i = 0; i < props.Count; i++)
            {
                int p = 16 + i * 16;
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p), props[i].Type);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 4), 4);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 8), props[i].Value);
            }
            return bytes;
        }

        private void AssignAddresses()
        {
            var sections = layout.Sections;
            bool pie = layout.IsPie;
            layout.ImageBase = pie ? 0UL : layout.Arch.DefaultImageBase;
            ulong maxPage = Math.Max(PageSize, _options.Z.MaxPageSize);

            // Program headers first: their count fixes where the first section can start.
            var alloc = sections.Where(s => s.IsAlloc).ToList();
            bool hasExec = alloc.Any(s => IsExecSegmentRank(s.Rank));
            bool hasRo = alloc.Any(s => IsReadOnlyDataRank(s.Rank));
            bool hasRw = alloc.Any(s => s.Rank >= 30);
            var tls = alloc.Where(s => s.IsTls).ToList();
            var notes = alloc.Where(s => s.Type == SHT_NOTE).ToList();
            int noteRuns = 0;
            for (int i = 0; i < notes.Count; i++)
                if (i == 0 || notes[i].Align != notes[i - 1].Align || notes[i].HeaderIndex != notes[i - 1].HeaderIndex + 1) noteRuns++;
            bool relro = _options.Z.Relro && alloc.Any(s => IsRelroRank(s.Rank));
            int phdrCount = 1 + (hasExec ? 1 : 0) + (hasRo ? 1 : 0) + (hasRw ? 1 : 0) + (layout.Dynamic is not null ? 1 : 0)
                            + noteRuns + (tls.Count > 0 ? 1 : 0) + (_byName.ContainsKey(".note.gnu.property") && _byName[".note.gnu.property"].Synthetic == SyntheticContent.PropertyNote ? 1 : 0)
                            + (layout.EhFrameHdr is not null ? 1 : 0) + 1 + (relro ? 1 : 0) + (layout.Interp is not null ? 2 : 0);

            ulong offset = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
            ulong baseAddr = layout.ImageBase;
            var segments = new List<(uint Flags, List<OutputSection> List)>();
            List<OutputSection>? current = null;
            int currentKind = -1;
            foreach (var s in alloc)
            {
                int kind = IsFirstSegmentRank(s.Rank) ? 0 : IsExecSegmentRank(s.Rank) ? 1 : IsReadOnlyDataRank(s.Rank) ? 2 : 3;
                if (kind != currentKind)
                {
                    current = [];
                    segments.Add((kind switch { 0 => PF_R, 1 => PF_R | PF_X, 2 => PF_R, _ => PF_R | PF_W }, current));
                    currentKind = kind;
                }
                current!.Add(s);
            }
            if (segments.Count == 0 || segments[0].Flags != PF_R || !IsFirstSegmentRank(segments[0].List[0].Rank))
                segments.Insert(0, (PF_R, []));

            var loads = new List<Elf64ProgramHeader>();
            ulong tlsAlign = tls.Count == 0 ? 1 : tls.Max(t => t.Align);
            if (tls.Count > 0) tls[0].Align = tlsAlign;
            // Where the relro region ends: always a page boundary, set while the RW segment is placed.
            ulong relroEnd = 0;
            for (int si = 0; si < segments.Count; si++)
            {
                var (flags, list) = segments[si];
                bool relroSegment = relro && si > 0 && flags == (PF_R | PF_W);
                ulong segOffset, segAddr;
                // A PIE is loaded at a base aligned to the largest p_align, so a section aligned beyond a page
                // raises its segment's alignment (and the address/offset congruence that goes with it).
                ulong segAlign = Math.Max(maxPage, list.Where(x => !(x.IsTls && x.IsNoBits)).Select(x => x.Align).DefaultIfEmpty(1UL).Max());
                if (si == 0)
                {
                    segOffset = 0;
                    segAddr = baseAddr;
                }
                else if (flags == (PF_R | PF_W))
                {
                    // Data shares its first file page with what precedes it; its address moves to a new page
                    // with the same page offset.
                    ulong prevEnd = loads[^1].VirtualAddress + loads[^1].MemorySize;
                    segOffset = offset;
                    segAddr = AlignUp(prevEnd, segAlign) + (offset % segAlign);
                    if (relroSegment)
                    {
                        // Relro must end on a page boundary: ld.so rounds the end of PT_GNU_RELRO down to a page
                        // before mprotect, so a partial last page would stay writable. Sliding the whole segment
                        // by a multiple of the largest relro alignment keeps every section's alignment and brings
                        // the end up to the boundary, or to within that alignment of it; the placement loop below
                        // then starts what follows relro on the boundary itself (GNU ld's DATA_SEGMENT_RELRO_END
                        // likewise moves `.` up to the page). The sizes measured here are final.
                        ulong relroSize = MeasureRelro(list, segAddr);
                        ulong maxAlign = list.Where(s => IsRelroRank(s.Rank)).Max(s => s.Align);
                        ulong pad = (AlignUp(segAddr + relroSize, PageSize) - (segAddr + relroSize));
                        pad -= pad % Math.Max(1, maxAlign);
                        segAddr += pad;
                        segOffset += pad;
                    }
                }
                else
                {
                    segOffset = AlignUp(offset, segAlign);
                    segAddr = baseAddr + segOffset;
                }
                offset = segOffset;
                ulong addr = segAddr;
                if (si == 0)
                {
                    offset = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
                    addr = baseAddr + offset;
                }
                ulong fileEnd = offset, memEnd = addr;
                foreach (var s in list)
                {
                    if (relroSegment && relroEnd == 0 && !IsRelroRank(s.Rank))
                    {
                        // The first section after relro starts on the next page: the gap (less than the largest
                        // relro alignment, or any size if that is a page or more) belongs to relro.
                        relroEnd = AlignUp(addr, PageSize);
                        addr = relroEnd;
                    }
                    if (s.IsTls && s.IsNoBits)
                    {
                        // .tbss occupies TLS space only: it does not advance the addresses of what follows.
                        s.Address = AlignUp(addr, s.Align);
                        s.FileOffset = offset;
                        continue;
                    }
                    addr = AlignUp(addr, s.Align);
                    if (!s.IsNoBits) offset = segOffset + (addr - segAddr);
                    s.Address = addr;
                    s.FileOffset = offset;
                    addr += s.Size;
                    memEnd = addr;
                    if (!s.IsNoBits) { offset += s.Size; fileEnd = offset; }
                }
                if (relroSegment && relroEnd == 0) relroEnd = AlignUp(addr, PageSize); // nothing follows relro
                loads.Add(new Elf64ProgramHeader
                {
                    Type = PT_LOAD, Flags = flags, Offset = segOffset, VirtualAddress = segAddr, PhysicalAddress = segAddr,
                    FileSize = fileEnd - segOffset, MemorySize = memEnd - segAddr, Align = segAlign,
                });
                offset = fileEnd;
            }

            layout.FileSize = offset;

            // Links between sections.
            if (layout.RelaPlt is not null)
            {
                layout.RelaPlt.Info = (uint)layout.GotPlt!.HeaderIndex;
                if (_byName.TryGetValue(".dynsym", out var ds)) layout.RelaPlt.Link = (uint)ds.HeaderIndex;
            }
            if (_byName.TryGetValue(".dynsym", out var dynsym))
            {
                uint dynstrIndex = (uint)_byName[".dynstr"].HeaderIndex;
                dynsym.Link = dynstrIndex;
                foreach (var name in (string[])[".gnu.hash", ".hash", ".gnu.version", ".rela.dyn", ".rela.plt"])
                    if (_byName.TryGetValue(name, out var linked)) linked.Link = (uint)dynsym.HeaderIndex;
                if (_byName.TryGetValue(".gnu.version_r", out var verneed)) verneed.Link = dynstrIndex;
                if (_byName.TryGetValue(".gnu.version_d", out var verdef)) verdef.Link = dynstrIndex;
                layout.Dynamic!.Link = dynstrIndex;
                // .dynsym's sh_info: one past the last local symbol (only the null symbol is local).
                dynsym.Info = 1;
            }

            // The remaining program headers; PT_PHDR and PT_INTERP must precede every PT_LOAD.
            var phdrs = new List<Elf64ProgramHeader>();
            if (layout.Interp is { } interp)
            {
                ulong size = (ulong)(phdrCount * ProgramHeaderSize);
                phdrs.Add(new Elf64ProgramHeader
                {
                    Type = PT_PHDR, Flags = PF_R, Offset = Elf64HeaderSize, VirtualAddress = baseAddr + Elf64HeaderSize,
                    PhysicalAddress = baseAddr + Elf64HeaderSize, FileSize = size, MemorySize = size, Align = 8,
                });
                phdrs.Add(Segment(PT_INTERP, PF_R, [interp], 1));
            }
            int firstLoad = phdrs.Count;
            phdrs.AddRange(loads);
            if (loads[0].FileSize == 0)
            {
                // The first segment always maps the ELF and program headers.
                var first = loads[0];
                first.FileSize = first.MemorySize = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
                phdrs[firstLoad] = first;
            }
            if (layout.Dynamic is { } dyn) phdrs.Add(Segment(PT_DYNAMIC, PF_R | PF_W, [dyn], 8));
            for (int i = 0; i < notes.Count;)
            {
                int j = i + 1;
                while (j < notes.Count && notes[j].Align == notes[i].Align && notes[j].HeaderIndex == notes[j - 1].HeaderIndex + 1) j++;
                phdrs.Add(Segment(PT_NOTE, PF_R, notes.GetRange(i, j - i), notes[i].Align));
                i = j;
            }
            if (tls.Count > 0)
            {
                var seg = Segment(PT_TLS, PF_R, tls, tlsAlign);
                phdrs.Add(seg);
                layout.HasTls = true;
                layout.TlsStart = seg.VirtualAddress;
                layout.TlsAlign = tlsAlign;
                layout.TlsEnd = seg.VirtualAddress + AlignUp(seg.MemorySize, tlsAlign);
            }
            if (_byName.TryGetValue(".note.gnu.property", out var prop) && prop.Synthetic == SyntheticContent.PropertyNote)
                phdrs.Add(Segment(PT_GNU_PROPERTY, PF_R, [prop], 8));
            if (layout.EhFrameHdr is { } hdr) phdrs.Add(Segment(PT_GNU_EH_FRAME, PF_R, [hdr], 4));
            phdrs.Add(new Elf64ProgramHeader
            {
                Type = PT_GNU_STACK, Flags = PF_R | PF_W | (_options.Z.ExecStack ? PF_X : 0), Align = 16,
            });
            if (relro)
            {
                var relroSections = alloc.Where(s => IsRelroRank(s.Rank)).ToList();
                var seg = Segment(PT_GNU_RELRO, PF_R, relroSections, 1);
                // Up to the page boundary placement reserved, so ld.so's mprotect (which rounds down) covers all of it.
                seg.MemorySize = relroEnd - seg.VirtualAddress;
                seg.FileSize = seg.MemorySize;
                phdrs.Add(seg);
            }
            if (phdrs.Count != phdrCount)
                throw new LinkException(ErrorId.LayoutMismatch, $"internal error: planned {phdrCount} program headers but made {phdrs.Count}");
            layout.ProgramHeaders = phdrs.ToArray();
        }


        /// <summary>Non-allocated sections, then .symtab/.strtab (now that every value is final), .shstrtab and the headers.</summary>
        private void PlaceNonAlloc()
        {
            var sections = layout.Sections;
            ulong offset = layout.FileSize;
            // Non-allocated sections follow the image; symbol tables are sized now that addresses are known.
            foreach (var s in sections.Where(s => !s.IsAlloc))
            {
                if (s.Synthetic is SyntheticContent.SymTab or SyntheticContent.StrTab or SyntheticContent.ShStrTab) continue;
                offset = AlignUp(offset, s.Align);
                s.FileOffset = offset;
                s.Address = 0;
                offset += s.Size;
            }
            var symtab = SymbolTableBuilder.Build(layout, res, work);
            layout.SymTab = symtab.SymTab;
            layout.StrTab = symtab.StrTab;
            layout.SymbolTable = symtab.Plan;
            var shstr = new OutputSection { Name = ".shstrtab", Type = SHT_STRTAB, Synthetic = SyntheticContent.ShStrTab, Rank = RankShStrTab };
            var extra = new List<OutputSection>();
            if (symtab.SymTab is not null) extra.Add(symtab.SymTab);
            if (symtab.StrTab is not null) extra.Add(symtab.StrTab);
            extra.Add(shstr);
            layout.Sections = sections.Concat(extra).ToArray();
            for (int i = 0; i < layout.Sections.Length; i++) layout.Sections[i].HeaderIndex = i + 1;
            shstr.Contents = ShStrTab.Build(layout.Sections);
            shstr.Size = (ulong)shstr.Contents.Length;
            foreach (var s in extra)
            {
                offset = AlignUp(offset, s.Align);
                s.FileOffset = offset;
                offset += s.Size;
            }
            offset = AlignUp(offset, 8);
            layout.SectionHeaderOffset = offset;
            layout.FileSize = offset + (ulong)(layout.Sections.Length + 1) * SectionHeaderSize;

            if (symtab.SymTab is not null) symtab.SymTab.Link = (uint)symtab.StrTab!.HeaderIndex;
        }

        private static ulong MeasureRelro(List<OutputSection> list, ulong start)
        {
            ulong addr = start;
            foreach (var s in list)
            {
                if (!IsRelroRank(s.Rank)) break;
                if (s.IsTls && s.IsNoBits) continue;
                addr = AlignUp(addr, s.Align) + s.Size;
            }
            return addr - start;
        }

        private static Elf64ProgramHeader Segment(uint type, uint flags, IReadOnlyList<OutputSection> list, ulong align)
        {
            var first = list[0];
            ulong memEnd = list.Max(s => s.Address + s.Size);
            ulong fileEnd = list.Where(s => !s.IsNoBits).Select(s => s.FileOffset + s.Size).DefaultIfEmpty(first.FileOffset).Max();
            return new Elf64ProgramHeader
            {
                Type = type, Flags = flags, Offset = first.FileOffset, VirtualAddress = first.Address,
                PhysicalAddress = first.Address, FileSize = fileEnd - first.FileOffset, MemorySize = memEnd - first.Address,
                Align = align,
            };
        }

        private void ComputeSyntheticSymbols()
        {
            var values = new ulong[res.Synthetic.Length];
            var alloc = layout.Sections.Where(s => s.IsAlloc).ToList();
            ulong dataEnd = alloc.Where(s => !s.IsNoBits).Select(s => s.Address + s.Size).DefaultIfEmpty(layout.ImageBase).Max();
            ulong end = alloc.Select(s => s.Address + (s.IsTls && s.IsNoBits ? 0 : s.Size)).DefaultIfEmpty(layout.ImageBase).Max();
            ulong textEnd = alloc.Where(s => IsExecSegmentRank(s.Rank)).Select(s => s.Address + s.Size).DefaultIfEmpty(layout.ImageBase).Max();
            var bss = alloc.FirstOrDefault(s => s.IsNoBits && !s.IsTls);
            for (int i = 0; i < values.Length; i++)
            {
                var sym = res.Synthetic[i];
                values[i] = sym.Kind switch
                {
                    SyntheticKind.EhdrStart => layout.ImageBase,
                    SyntheticKind.End => end,
                    SyntheticKind.DataEnd => dataEnd,
                    SyntheticKind.BssStart => bss?.Address ?? dataEnd,
                    SyntheticKind.TextEnd => textEnd,
                    SyntheticKind.GlobalOffsetTable => layout.GotPlt!.Address,
                    SyntheticKind.Dynamic => layout.Dynamic?.Address ?? 0,
                    SyntheticKind.RelaIpltStart => layout.RelaPlt?.Address ?? 0,
                    SyntheticKind.RelaIpltEnd => layout.RelaPlt is { } r ? r.Address + r.Size : 0,
                    SyntheticKind.TlsModuleBase => layout.TlsStart,
                    SyntheticKind.Absolute => sym.Value,
                    SyntheticKind.SectionStart => _byName.TryGetValue(sym.Section!, out var s1) ? s1.Address : 0,
                    SyntheticKind.SectionEnd => _byName.TryGetValue(sym.Section!, out var s2) ? s2.Address + s2.Size : 0,
                    _ => 0,
                };
            }
            layout.SyntheticValues = values;
            for (int i = 0; i < values.Length; i++)
            {
                var sym = res.Synthetic[i];
                if (sym.Kind != SyntheticKind.Alias) continue;
                var target = layout.Db.Lookup(sym.AliasOf!);
                var def = target.IsNone ? new SymbolId(-1) : res.Definition(target);
                if (def.Value < 0)
                    throw new LinkException(ErrorId.UndefinedSymbol, $"--defsym {sym.Name}={sym.AliasOf}: undefined symbol: {sym.AliasOf}");
                values[i] = layout.SymbolValue(def);
            }

            if (layout.IsSharedOutput && _options.Entry is null)
            {
                layout.Entry = 0; // a shared object has no entry point unless -e names one
                return;
            }
            var entryName = layout.Db.Lookup(_options.Entry ?? "_start");
            var entryDef = entryName.IsNone ? new SymbolId(-1) : res.Definition(entryName);
            if (entryDef.Value >= 0)
                layout.Entry = layout.SymbolValue(entryDef);
            else if (_options.Entry is { } e && TryParseAddress(e, out ulong addr))
                layout.Entry = addr;
            else
            {
                var text = layout.Sections.FirstOrDefault(s => s.Name == ".text");
                layout.Entry = text?.Address ?? 0;
                diagnostics.Warn($"cannot find entry symbol {_options.Entry ?? "_start"}; defaulting to 0x{layout.Entry:x}");
            }
        }

        private static bool TryParseAddress(string s, out ulong value) =>
            s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(s.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out value)
                : ulong.TryParse(s, out value);
    }

    public static ulong AlignUp(ulong value, ulong align) => align <= 1 ? value : (value + align - 1) & ~(align - 1);
}
