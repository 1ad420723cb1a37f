// Plans and writes the output .symtab and .strtab once every address is final: the inputs' named local
// symbols in live sections and the linker-defined symbols GNU ld makes local, then one entry per defined or
// referenced global name (the other linker-defined ones included). Layout counts each part (locals per file, the globals each file defines, chunks of the other
// names) in parallel to size the tables; the writer then fills each part straight into the output at its
// offset, so the table is never built in memory and is the same whatever the thread count. --strip-all
// omits both. With --emit-relocs the table opens with one section symbol per output section (as GNU ld's -q
// output does), keeps the locals kept relocations name, and records every entry's index (SymbolTableIndex)
// for KeptRelocationWriter.
using System.Runtime.InteropServices;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

/// <summary>Where each part of the symbol table goes: parts [0, LoadedCount) are files' locals, part LoadedCount the
/// linker's own locals, the next LoadedCount the globals each file defines, the rest chunks of the other global names. Entry 0 and
/// string 0 stay the zeroes the output starts with.</summary>
internal sealed class SymbolTablePlan(int loadedCount, int[] symbolStart, uint[] stringStart, RetainedSymbols? retained,
    int sectionSymbols, SymbolTableIndex? index, UniqueLocalNames? unique)
{
    /// <summary>-z unique-symbol: the NAME.N each input local is written with; null otherwise.</summary>
    public UniqueLocalNames? Unique { get; } = unique;
    /// <summary>Section symbols at entries [1, SectionSymbols]: one per output section with header index 1..N
    /// (--emit-relocs only; 0 otherwise).</summary>
    public int SectionSymbols { get; } = sectionSymbols;
    /// <summary>Each symbol's entry, for --emit-relocs; null otherwise.</summary>
    public SymbolTableIndex? Index { get; } = index;
    /// <summary>--retain-symbols-file's names, the only ones written; null without the option.</summary>
    public RetainedSymbols? Retained { get; } = retained;
    public int LoadedCount { get; } = loadedCount;
    public int PartCount => SymbolStart.Length - 1;
    /// <summary>First entry of each part, and one past the last part.</summary>
    public int[] SymbolStart { get; } = symbolStart;
    /// <summary>First string byte of each part, and one past the last part (st_name is 32 bits: .strtab may reach 4 GiB).</summary>
    public uint[] StringStart { get; } = stringStart;
}

/// <summary>What the symbol table is made from: the phases' results while it is sized (no value is known yet, and
/// none is asked), and the finished layout when it is written.</summary>
internal readonly struct SymbolTableSource(SymbolResolution res, SectionMap map, OutputSections outputs, CommonSymbols commons, Layout? layout,
    KeptRelocations? kept, UniqueLocalNames? unique = null)
{
    /// <summary>-z unique-symbol's names of the inputs' locals, once numbered; null otherwise.</summary>
    public UniqueLocalNames? Unique => unique;
    public SymbolTableSource WithUnique(UniqueLocalNames? names) => new(res, map, outputs, commons, layout, kept, names);
    /// <summary>--emit-relocs: the relocations kept, whose local symbols .symtab must hold; null otherwise.</summary>
    public KeptRelocations? Kept => kept;
    public SymbolResolution Resolution => res;
    public SymbolDb Db => res.Db;
    public LinkOptions Options => res.Options;
    public OutputSection? OutputOf(FileId file, int section) => outputs.OutputOf(map.Flat(file, section));
    /// <summary>The range-extension thunks of the layout; null when it has none.</summary>
    public RangeExtensionThunks? Thunks => outputs.Thunks;
    /// <summary>The section a common symbol was placed in: .bss, or .tbss for a thread-local one.</summary>
    public OutputSection? SectionOfCommon(SymbolId id) => commons.SectionOfCommon(id);
    /// <summary>The finished layout, for values; only while writing.</summary>
    public Layout Layout => layout ?? throw new InvalidOperationException("symbol values are not known while the symbol table is sized");

    public static SymbolTableSource Of(Layout layout) => new(layout.Resolution, layout.Map, layout.Outputs, layout.Commons, layout, layout.Kept);
}

internal static class SymbolTableBuilder
{
    private const int NamesPerChunk = 4096;

    /// <summary>Receives the entries of one part; a counting sink never looks at values, so they are not computed.</summary>
    private interface ISymbolSink
    {
        static abstract bool CountsOnly { get; }
        /// <summary>Records entry indexes (Placed does something): only the --emit-relocs pass.</summary>
        static abstract bool Indexes { get; }
        void Add(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name);
        void Count(scoped ReadOnlySpan<byte> name);
        /// <summary>An entry of the linker's own that --retain-symbols-file does not filter (GNU ld keeps its veneers).</summary>
        void AddOwn(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name);
        void CountOwn(scoped ReadOnlySpan<byte> name);
        /// <summary>The entry just added or counted was local symbol (or, <paramref name="byName"/>, global name)
        /// <paramref name="id"/>: only the indexing sink records it.</summary>
        void Placed(bool byName, int id);
    }

    /// <summary>Counts like Counter and records the entry index of each symbol (--emit-relocs; no
    /// --retain-symbols-file, which is refused with it).</summary>
    private struct Indexer(int first, int[] local, int[] name) : ISymbolSink
    {
        public int Symbols;
        public static bool CountsOnly => true;
        public static bool Indexes => true;
        public void Add(in Elf64Symbol entry, ReadOnlySpan<byte> n) => Symbols++;
        public void Count(ReadOnlySpan<byte> n) => Symbols++;
        public void AddOwn(in Elf64Symbol entry, ReadOnlySpan<byte> n) => Symbols++;
        public void CountOwn(ReadOnlySpan<byte> n) => Symbols++;
        public readonly void Placed(bool byName, int id) => (byName ? name : local)[id] = first + Symbols - 1;
    }

    /// <summary>Feeds -z unique-symbol's numbering each local the table writes, in order.</summary>
    private readonly struct Namer(UniqueLocalNames.Numbering numbering) : ISymbolSink
    {
        public static bool CountsOnly => true;
        public static bool Indexes => true;
        public void Add(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name) => numbering.Named(name);
        public void Count(scoped ReadOnlySpan<byte> name) => numbering.Named(name);
        // The linker's own entries (veneers) are not input locals: -z unique-symbol leaves their names alone.
        public void AddOwn(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name) { }
        public void CountOwn(scoped ReadOnlySpan<byte> name) { }
        public void Placed(bool byName, int id)
        {
            if (!byName) numbering.Is(id);
        }
    }

    private struct Counter(RetainedSymbols? retained) : ISymbolSink
    {
        public int Symbols, StringBytes;
        public static bool CountsOnly => true;
        public static bool Indexes => false;
        public void Add(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name) => Count(name);
        public void Count(scoped ReadOnlySpan<byte> name)
        {
            if (retained is null || retained.Contains(name)) CountOwn(name);
        }
        public void AddOwn(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name) => CountOwn(name);
        public void CountOwn(scoped ReadOnlySpan<byte> name)
        {
            Symbols++;
            StringBytes += name.Length + 1;
        }
        public readonly void Placed(bool byName, int id) { }
    }

    private ref struct TableWriter(Span<Elf64Symbol> symbols, Span<byte> strings, uint stringBase, RetainedSymbols? retained) : ISymbolSink
    {
        private readonly Span<Elf64Symbol> _symbols = symbols;
        private readonly Span<byte> _strings = strings;
        public int Symbols, StringBytes;
        public static bool CountsOnly => false;
        public static bool Indexes => false;
        public void Count(scoped ReadOnlySpan<byte> name) => throw new InvalidOperationException("a writing sink needs entries");
        public void CountOwn(scoped ReadOnlySpan<byte> name) => Count(name);
        public readonly void Placed(bool byName, int id) { }
        public void Add(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name)
        {
            if (retained is null || retained.Contains(name)) AddOwn(entry, name);
        }
        public void AddOwn(in Elf64Symbol entry, scoped ReadOnlySpan<byte> name)
        {
            if (Symbols >= _symbols.Length || StringBytes + name.Length + 1 > _strings.Length)
                throw new LinkException(ErrorId.LayoutMismatch, "internal error: the symbol table grew between layout and writing");
            ref var slot = ref _symbols[Symbols++];
            slot = entry;
            slot.Name = stringBase + (uint)StringBytes;
            name.CopyTo(_strings[StringBytes..]);
            _strings[StringBytes + name.Length] = 0;
            StringBytes += name.Length + 1;
        }
    }

    /// <summary>Counts every part and sizes .symtab and .strtab; null sections under --strip-all. With
    /// <paramref name="kept"/> (--emit-relocs), the first <paramref name="sectionSymbols"/> entries after the null one
    /// are section symbols, and every entry's index is recorded.</summary>
    public static (OutputSection? SymTab, OutputSection? StrTab, SymbolTablePlan? Plan) Build(SymbolTableSource source, ParallelWork work,
        int sectionSymbols = 0, KeptRelocations? kept = null)
    {
        if (source.Options.StripAll) return (null, null, null);
        var res = source.Resolution;
        var loaded = res.LoadedFiles;
        int nameChunks = (source.Db.NameCount + NamesPerChunk - 1) / NamesPerChunk;
        var retained = RetainedSymbols.Load(source.Options);
        UniqueLocalNames? unique = null;
        if (source.Options.Z.UniqueSymbol)
        {
            // Numbered in output order, one file after another: a name's N depends on every earlier file.
            var numbering = new UniqueLocalNames.Numbering(source.Db.FileSymbolCount);
            var namer = new Namer(numbering);
            for (int i = 0; i < loaded.Length; i++) AddLocals(source, res, loaded[i], ref namer);
            unique = numbering.Finish();
            source = source.WithUnique(unique);
        }
        var counts = new Counter[2 * loaded.Length + 1 + nameChunks];
        Array.Fill(counts, new Counter(retained));
        work.For(counts.Length, i => Emit(source, res, loaded, i, ref counts[i]));

        var symbolStart = new int[counts.Length + 1];
        var stringStart = new uint[counts.Length + 1];
        long symbolCount = 1 + sectionSymbols, stringSize = 1;
        for (int i = 0; i < counts.Length; i++)
        {
            symbolStart[i] = (int)symbolCount;
            stringStart[i] = (uint)stringSize;
            symbolCount += counts[i].Symbols;
            stringSize += counts[i].StringBytes;
            // The writer fills each part through a window of its own, so the tables may pass 2 GiB; ELF's own limits
            // remain: st_name is 32 bits, and symbol indices are counted in an int here (2^31 entries, 48 GiB).
            if (symbolCount > int.MaxValue || stringSize > uint.MaxValue)
                throw new LinkException(ErrorId.OutputFailed,
                    $"the output symbol table would have {symbolCount} entries and {stringSize} bytes of names, more than ELF's 32-bit "
                    + "indices and name offsets reach; link with -s to leave it out");
        }
        symbolStart[^1] = (int)symbolCount;
        stringStart[^1] = (uint)stringSize;

        var symtab = new OutputSection
        {
            Name = ".symtab", Type = SHT_SYMTAB, Align = 8, EntrySize = SymbolSize, Synthetic = SyntheticContent.SymTab,
            Rank = OutputSectionRules.RankSymTab, Size = (ulong)(symbolCount * SymbolSize), Info = (uint)symbolStart[loaded.Length + 1],
        };
        var strtab = new OutputSection
        {
            Name = ".strtab", Type = SHT_STRTAB, Align = 1, Synthetic = SyntheticContent.StrTab,
            Rank = OutputSectionRules.RankStrTab, Size = (ulong)stringSize,
        };
        SymbolTableIndex? index = null;
        if (kept is not null)
        {
            // A second pass, only with --emit-relocs: now that each part's first entry is known, each part records
            // its symbols' entries (parts own disjoint symbols and names, so they fill the arrays in parallel).
            var local = new int[source.Db.FileSymbolCount];
            var byName = new int[source.Db.NameCount];
            work.For(counts.Length, i =>
            {
                var indexer = new Indexer(symbolStart[i], local, byName);
                Emit(source, res, loaded, i, ref indexer);
                if (indexer.Symbols != counts[i].Symbols)
                    throw new LinkException(ErrorId.LayoutMismatch, $"internal error: symbol table part {i} indexed {indexer.Symbols} symbols, counted {counts[i].Symbols}");
            });
            index = new SymbolTableIndex(local, byName);
        }
        return (symtab, strtab, new SymbolTablePlan(loaded.Length, symbolStart, stringStart, retained, sectionSymbols, index, unique));
    }

    /// <summary>Writes part <paramref name="part"/> of the planned tables into the output image.</summary>
    public static void WritePart(Layout layout, SymbolTablePlan plan, int part, Writing.OutputImage image)
    {
        int symbols = plan.SymbolStart[part + 1] - plan.SymbolStart[part];
        int strings = checked((int)(plan.StringStart[part + 1] - plan.StringStart[part]));
        var symtab = layout.Placement.SymTab!;
        // Only this part's entries and names: a window each, wherever in the output the tables lie.
        var table = MemoryMarshal.Cast<byte, Elf64Symbol>(image.Slice(symtab.FileOffset + (ulong)plan.SymbolStart[part] * SymbolSize, checked(symbols * SymbolSize)));
        var writer = new TableWriter(table,
            image.Slice(layout.Placement.StrTab!.FileOffset + (ulong)plan.StringStart[part], strings), plan.StringStart[part], plan.Retained);
        Emit(SymbolTableSource.Of(layout).WithUnique(plan.Unique), layout.Resolution, layout.Resolution.LoadedFiles, part, ref writer);
        if (writer.Symbols != symbols || writer.StringBytes != strings)
            throw new LinkException(ErrorId.LayoutMismatch,
                $"internal error: symbol table part {part} wrote {writer.Symbols} symbols and {writer.StringBytes} string bytes, layout counted {symbols} and {strings}");
    }

    /// <summary>--emit-relocs: the section symbols at entries 1..N, one per output section with header index 1..N
    /// (the .rela sections, .symtab, .strtab and .shstrtab come after them and have none, as in GNU ld's output).</summary>
    public static void WriteSectionSymbols(Layout layout, SymbolTablePlan plan, Writing.OutputImage image)
    {
        var symtab = layout.Placement.SymTab!;
        var table = MemoryMarshal.Cast<byte, Elf64Symbol>(image.Slice(symtab.FileOffset, (plan.SectionSymbols + 1) * SymbolSize));
        foreach (var s in layout.Sections)
        {
            if (s.HeaderIndex > plan.SectionSymbols) continue;
            table[s.HeaderIndex] = new Elf64Symbol
            {
                Info = Elf64Symbol.MakeInfo(STB_LOCAL, STT_SECTION), SectionIndex = (ushort)s.HeaderIndex, Value = s.IsAlloc ? s.Address : 0,
            };
        }
    }

    private static void Emit<TSink>(SymbolTableSource source, SymbolResolution res, FileId[] loaded, int part, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        if (part < loaded.Length) AddLocals(source, res, loaded[part], ref sink);
        else if (part == loaded.Length) AddLinkerLocals(source, res, ref sink);
        else if (part <= 2 * loaded.Length) AddDefinedGlobals(source, res, loaded[part - loaded.Length - 1], ref sink);
        else AddOtherGlobals(source, res, (part - 2 * loaded.Length - 1) * NamesPerChunk, ref sink);
    }

    private static void AddLocals<TSink>(SymbolTableSource source, SymbolResolution res, FileId f, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        // As GNU ld: -x drops every local symbol of the inputs (the linker's own, such as hidden symbols made local,
        // stay); -X drops temporary labels (.L*, which `as -L` keeps); by default only those in mergeable sections,
        // whose pieces may be shared, are dropped; --discard-none keeps them all.
        var discard = source.Options.DiscardLocals;
        var kept = source.Kept;
        if (discard == DiscardLocals.All && kept is null) return;
        var obj = res.Objects[f];
        int first = source.Db.FirstSymbol(f);
        var symbols = obj.Symbols;
        var unique = source.Unique;
        Span<byte> scratch = unique is null ? default : stackalloc byte[256];
        for (int i = 1; i < obj.FirstGlobal; i++)
        {
            ref readonly var s = ref symbols[i];
            if (s.Type is STT_SECTION or STT_FILE || s.Name == 0) continue;
            var name = obj.SymbolName(i);
            if (name.IsEmpty) continue;
            // GNU ld outputs a local the rules below drop when a kept relocation (--emit-relocs) names it.
            bool needed = kept is not null && kept.IsReferencedLocal(first + i);
            if (discard == DiscardLocals.All && !needed) continue;
            if (discard != DiscardLocals.None && !needed && name.StartsWith(".L"u8)
                && (discard == DiscardLocals.Temporary || (!s.IsAbsolute && IsMergeable(obj, obj.SymbolSection(i))))) continue;
            ushort shndx;
            ulong value;
            if (s.IsAbsolute) { shndx = SHN_ABS; value = s.Value; }
            else
            {
                int sec = obj.SymbolSection(i);
                var os = sec == 0 ? null : source.OutputOf(f, sec);
                if (os is null) continue;
                if (TSink.CountsOnly) { sink.Count(unique is null ? name : unique.NameOf(first + i, name, scratch)); sink.Placed(false, first + i); continue; }
                shndx = (ushort)os.HeaderIndex;
                var layout = source.Layout;
                value = layout.SymbolTableValue(layout.InputAddress(f, sec, s.Value), s.Type);
            }
            sink.Add(new Elf64Symbol { Info = s.Info, Other = s.Other, SectionIndex = shndx, Value = value, Size = s.Size },
                unique is null ? name : unique.NameOf(first + i, name, scratch));
            sink.Placed(false, first + i);
        }
    }

    private static bool IsMergeable(Input.ObjectFile obj, int section) =>
        section > 0 && section < obj.SectionCount && (obj.SectionHeaders[section].Flags & SHF_MERGE) != 0;

    /// <summary>The globals file <paramref name="f"/> defines for the output, in its own symbol order: reads stay
    /// inside one object, where a walk in name order would jump to a different file for every name.</summary>
    private static void AddDefinedGlobals<TSink>(SymbolTableSource source, SymbolResolution res, FileId f, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        var obj = res.Objects[f];
        if (obj.IsShared) return;
        var db = source.Db;
        var symbols = obj.Symbols;
        int first = db.FirstSymbol(f);
        for (int i = obj.FirstGlobal; i < symbols.Length; i++)
        {
            ref readonly var s = ref symbols[i];
            if (s.IsUndefined) continue;
            var def = new SymbolId(first + i);
            if (res.Definition(db.NameOf(def)) != def) continue;
            // Its section garbage-collected, the symbol is gone too.
            if (DefinedSection(source, f, i, def) is not { } shndx) continue;
            if (TSink.CountsOnly) { sink.Count(obj.InternedSymbolName(i)); sink.Placed(true, db.NameOf(def).Value); continue; }
            byte type = s.Type == STT_COMMON ? STT_OBJECT : s.Type;
            // The input's binding stays: hidden globals stay GLOBAL with STV_HIDDEN, as GNU ld leaves them in
            // executables, and STB_GNU_UNIQUE stays UNIQUE, as in GNU ld's .symtab of every output kind.
            var layout = source.Layout;
            sink.Add(new Elf64Symbol
            {
                Info = Elf64Symbol.MakeInfo(s.Binding, type), Other = s.Other, SectionIndex = shndx,
                Value = layout.SymbolTableValue(layout.RawSymbolValue(def), s.Type), Size = s.Size,
            }, obj.InternedSymbolName(i));
            sink.Placed(true, db.NameOf(def).Value);
        }
    }

    /// <summary>The global names no input object defines, in name order: undefined references, imports from shared
    /// objects (and their copies) and linker-defined symbols.</summary>
    private static void AddOtherGlobals<TSink>(SymbolTableSource source, SymbolResolution res, int firstName, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        var db = source.Db;
        int end = Math.Min(db.NameCount, firstName + NamesPerChunk);
        // GNU ld: --retain-symbols-file keeps only symbols this link defines; imports (copied or not) and undefined
        // references go even when listed.
        bool onlyDefined = source.Options.RetainSymbolsFile is not null;
        Span<byte> scratch = stackalloc byte[256];
        for (int n = firstName; n < end; n++)
        {
            var nameId = new NameId(n);
            var def = res.Definition(nameId);
            byte refs = (byte)(res.References(nameId) & (SymbolResolution.StrongReference | SymbolResolution.WeakReference));
            if (!def.IsNone && res.IsDefinedByShared(nameId))
            {
                // Imports appear undefined, as in GNU ld's output; copies are defined where they were copied.
                if (refs == 0 || onlyDefined) continue;
                var importName = VersionedImportName(res, def, db.NameBytes(nameId), scratch);
                if (TSink.CountsOnly) { sink.Count(importName); sink.Placed(true, n); continue; }
                ref readonly var ss = ref db.Symbol(def);
                ulong copy = source.Layout.RawSymbolValue(def);
                sink.Add(new Elf64Symbol
                {
                    Info = Elf64Symbol.MakeInfo(ss.IsWeak ? STB_WEAK : STB_GLOBAL, ss.Type),
                    SectionIndex = copy != 0 ? (ushort)(source.Layout.SectionIndexOfAddress(copy) ?? SHN_ABS) : SHN_UNDEF,
                    Value = copy, Size = copy != 0 ? ss.Size : 0,
                }, importName);
                sink.Placed(true, n);
                continue;
            }
            if (def.IsNone)
            {
                if (refs == 0 || onlyDefined) continue;
                bool weak = (res.References(nameId) & SymbolResolution.StrongReference) == 0;
                sink.Add(new Elf64Symbol { Info = Elf64Symbol.MakeInfo(weak ? STB_WEAK : STB_GLOBAL, STT_NOTYPE) }, db.NameBytes(nameId));
                sink.Placed(true, n);
                continue;
            }
            if (!res.IsSynthetic(def)) continue; // written with the globals of the object that defines it
            if (LinkerSymbolForm(res.SyntheticOf(def)).Bind == STB_LOCAL) continue; // AddLinkerLocals has it
            if (TSink.CountsOnly) { sink.Count(db.NameBytes(nameId)); sink.Placed(true, n); continue; }
            sink.Add(SyntheticEntry(source, res, def), db.NameBytes(nameId));
            sink.Placed(true, n);
        }
    }

    /// <summary>
    /// An import's .symtab name as GNU ld (2.35 on) writes it: with the version the shared object defines it under,
    /// after one '@' whether that version is the default or not (__libc_start_main@GLIBC_2.34, a copied
    /// stdout@GLIBC_2.2.5); the plain name when the definition is unversioned or the reference named a version itself.
    /// Spelled into <paramref name="scratch"/> (or, past its size, a new buffer): the sinks copy it at once.
    /// </summary>
    private static ReadOnlySpan<byte> VersionedImportName(SymbolResolution res, SymbolId def, ReadOnlySpan<byte> name, Span<byte> scratch)
    {
        var db = res.Db;
        var f = db.FileOf(def);
        var info = res.Objects[f].Shared;
        int vi = info?.VersionIndex(def.Value - db.FirstSymbol(f)) ?? 0;
        if (vi < 2 || info!.VersionName(vi) is not { } version || name.IndexOf((byte)'@') >= 0) return name;
        int length = name.Length + 1 + Encoding.UTF8.GetByteCount(version);
        Span<byte> into = length <= scratch.Length ? scratch : new byte[length];
        name.CopyTo(into);
        into[name.Length] = (byte)'@';
        Encoding.UTF8.GetBytes(version, into[(name.Length + 1)..]);
        return into[..length];
    }

    /// <summary>The linker-defined symbols GNU ld writes as locals (_DYNAMIC, _GLOBAL_OFFSET_TABLE_, __ehdr_start,
    /// the hidden array bounds), in the order they were defined.</summary>
    private static void AddLinkerLocals<TSink>(SymbolTableSource source, SymbolResolution res, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        for (int i = 0; i < res.Synthetic.Length; i++)
        {
            var synth = res.Synthetic[i];
            if (LinkerSymbolForm(synth).Bind != STB_LOCAL) continue;
            var name = Encoding.UTF8.GetBytes(synth.Name);
            // A relocation names it by its global name, now written as a local entry (--emit-relocs records where).
            if (TSink.Indexes && source.Db.Lookup(synth.Name) is { IsNone: false } id) { sink.Count(name); sink.Placed(true, id.Value); continue; }
            if (TSink.CountsOnly) { sink.Count(name); continue; }
            sink.Add(SyntheticEntry(source, res, new SymbolId(source.Db.FileSymbolCount + i)), name);
        }
        if (source.Thunks is { } thunks) AddVeneers(source, thunks, ref sink);
    }

    /// <summary>Each range-extension thunk as GNU ld names an AArch64 veneer: a local function `__<target>_veneer`
    /// (RangeExtensionThunks.VeneerName; `___veneer` for a section symbol) of the thunk's size, followed by a `$x`
    /// mapping symbol at the same address, so disassemblers, debuggers and profilers show the stub as code of its own.
    /// GNU ld writes them whatever -x or --retain-symbols-file say.</summary>
    private static void AddVeneers<TSink>(SymbolTableSource source, RangeExtensionThunks thunks, ref TSink sink)
        where TSink : ISymbolSink, allows ref struct
    {
        var res = source.Resolution;
        byte[] buffer = [];
        for (int g = 0; g < thunks.GroupCount; g++)
        {
            var list = thunks.Thunks(g);
            if (list.Count == 0) continue;
            var last = thunks.Last(g);
            ushort shndx = 0;
            ulong at = 0;
            if (!TSink.CountsOnly)
            {
                shndx = (ushort)source.OutputOf(last.File, last.Section)!.HeaderIndex;
                at = thunks.AreaAddress(source.Layout, g);
            }
            for (int i = 0; i < list.Count; i++)
            {
                var target = RangeExtensionThunks.TargetName(res, list[i]);
                var prefix = RangeExtensionThunks.VeneerPrefix;
                var suffix = RangeExtensionThunks.VeneerSuffix;
                int length = prefix.Length + target.Length + suffix.Length;
                if (buffer.Length < length) buffer = new byte[Math.Max(length, 64)];
                prefix.CopyTo(buffer);
                target.CopyTo(buffer.AsSpan(prefix.Length));
                suffix.CopyTo(buffer.AsSpan(prefix.Length + target.Length));
                var name = buffer.AsSpan(0, length);
                if (TSink.CountsOnly)
                {
                    sink.CountOwn(name);
                    sink.CountOwn("$x"u8);
                    continue;
                }
                ulong value = at + (ulong)i * thunks.ThunkSize;
                sink.AddOwn(new Elf64Symbol
                {
                    Info = Elf64Symbol.MakeInfo(STB_LOCAL, STT_FUNC), SectionIndex = shndx, Value = value, Size = thunks.ThunkSize,
                }, name);
                sink.AddOwn(new Elf64Symbol { Info = Elf64Symbol.MakeInfo(STB_LOCAL, STT_NOTYPE), SectionIndex = shndx, Value = value }, "$x"u8);
            }
        }
    }

    /// <summary>
    /// How GNU ld 2.40 writes a linker-defined symbol: _DYNAMIC and _GLOBAL_OFFSET_TABLE_ as local objects; the
    /// hidden ones of its default script (__ehdr_start, __init_array_start..., __rela_iplt_*) and _TLS_MODULE_BASE_
    /// as locals; __start_SEC/__stop_SEC as protected globals; etext, edata, end, __bss_start, __executable_start
    /// and --defsym symbols as plain globals.
    /// </summary>
    private static (byte Bind, byte Visibility, byte Type) LinkerSymbolForm(SyntheticSymbol synth)
    {
        var form = DefaultForm(synth);
        // A global takes the visibility its references ask for (GNU ld keeps such symbols global in .symtab).
        return form.Bind == STB_LOCAL ? form : (form.Bind, Resolver.MostConstraining(form.Visibility, synth.Visibility), form.Type);
    }

    private static (byte Bind, byte Visibility, byte Type) DefaultForm(SyntheticSymbol synth) => synth.Kind switch
    {
        SyntheticKind.GlobalOffsetTable or SyntheticKind.Dynamic => (STB_LOCAL, STV_DEFAULT, STT_OBJECT),
        SyntheticKind.TlsModuleBase => (STB_LOCAL, STV_DEFAULT, STT_TLS),
        SyntheticKind.RelaIpltStart or SyntheticKind.RelaIpltEnd => (STB_LOCAL, STV_DEFAULT, STT_NOTYPE),
        SyntheticKind.EhdrStart when synth.Name == "__ehdr_start" => (STB_LOCAL, STV_DEFAULT, STT_NOTYPE),
        SyntheticKind.SectionStart or SyntheticKind.SectionEnd when synth.Section is ".preinit_array" or ".init_array" or ".fini_array"
            => (STB_LOCAL, STV_DEFAULT, STT_NOTYPE),
        SyntheticKind.SectionStart or SyntheticKind.SectionEnd => (STB_GLOBAL, STV_PROTECTED, STT_NOTYPE),
        // HIDDEN and PROVIDE_HIDDEN in a -T script: GNU ld writes them as locals, as its default script's own.
        SyntheticKind.ScriptHidden => (STB_LOCAL, STV_DEFAULT, STT_NOTYPE),
        SyntheticKind.VersionName => (STB_GLOBAL, STV_DEFAULT, STT_OBJECT),
        _ => (STB_GLOBAL, STV_DEFAULT, STT_NOTYPE),
    };

    /// <summary>Whether a linker-defined symbol is one GNU ld also exports from a shared object (or with
    /// --export-dynamic): a --defsym name, or a referenced global such as etext, _end or __start_SEC; not one that a
    /// reference made hidden.</summary>
    public static bool IsExportedLinkerSymbol(SymbolResolution res, NameId name, SyntheticSymbol synth)
    {
        var (bind, visibility, _) = LinkerSymbolForm(synth);
        return bind == STB_GLOBAL && visibility is STV_DEFAULT or STV_PROTECTED
            && (synth.Kind is SyntheticKind.Absolute or SyntheticKind.Alias or SyntheticKind.VersionName || res.References(name) != 0);
    }

    /// <summary>Whether an exported linker-defined symbol has default visibility, so that another module may
    /// preempt it and this object's references to it bind at run time (protected ones bind here).</summary>
    public static bool IsPreemptibleLinkerSymbol(SymbolResolution res, NameId name, SyntheticSymbol synth) =>
        IsExportedLinkerSymbol(res, name, synth) && LinkerSymbolForm(synth).Visibility == STV_DEFAULT;

    /// <summary>A linker-defined symbol's entry (no name) in .symtab, and so in .dynsym when exported.</summary>
    public static Elf64Symbol LinkerSymbolEntry(Layout layout, SymbolId def) =>
        SyntheticEntry(SymbolTableSource.Of(layout), layout.Resolution, def);

    private static Elf64Symbol SyntheticEntry(SymbolTableSource source, SymbolResolution res, SymbolId def)
    {
        var layout = source.Layout;
        var synth = res.SyntheticOf(def);
        ulong value = layout.SyntheticValues[def.Value - layout.Db.FileSymbolCount];
        var (bind, visibility, type) = LinkerSymbolForm(synth);
        ushort section;
        if (synth.AliasOf is not null)
        {
            (type, section, byte baseVisibility) = DefSymTraits(source, res, synth, 0);
            visibility = Resolver.MostConstraining(visibility, baseVisibility);
        }
        else if (synth.Kind is SyntheticKind.Absolute or SyntheticKind.VersionName) section = SHN_ABS;
        // A script symbol belongs to the section whose body assigns it; outside one, to the section holding its
        // address or ending there (GNU ld gives `_etext = .` after .text to .text); a number stays absolute.
        else if (synth.Kind is SyntheticKind.Script or SyntheticKind.ScriptHidden)
        {
            int i = def.Value - layout.Db.FileSymbolCount;
            section = layout.Placement.ScriptAbsolute[i] ? SHN_ABS
                : layout.Placement.ScriptSection[i] is { } inSection ? (ushort)inSection.HeaderIndex
                : (ushort)(layout.SectionIndexForSymbol(value, end: false, tls: false) ?? SHN_ABS);
        }
        else
        {
            // The section the symbol is in, as GNU ld's script puts it: a named section, else the one holding the
            // address (for an end symbol, the one ending there).
            var named = synth.Section is not null
                ? layout.Sections.FirstOrDefault(s => s.Name == synth.Section) ?? layout.Placement.Dropped.FirstOrDefault(s => s.Name == synth.Section)
                : null;
            bool end = synth.Kind is SyntheticKind.End or SyntheticKind.DataEnd or SyntheticKind.TextEnd
                or SyntheticKind.SectionEnd or SyntheticKind.RelaIpltEnd;
            section = named is not null ? (ushort)named.HeaderIndex
                : (ushort)(layout.SectionIndexForSymbol(value, end, tls: type == STT_TLS) ?? SHN_ABS);
        }
        return new Elf64Symbol
        {
            Info = Elf64Symbol.MakeInfo(bind, type),
            Other = visibility,
            SectionIndex = section,
            Value = layout.SymbolTableValue(value, type),
        };
    }

    /// <summary>
    /// The type, section and visibility GNU ld gives a --defsym symbol in .symtab: a=b takes b's type, section and
    /// visibility; b plus or minus a constant takes b's type and visibility but is absolute; anything else (a number,
    /// a difference of symbols) is an absolute NOTYPE. A linker-defined b (etext, _end) counts as absolute and
    /// untyped; aliases of aliases follow the chain.
    /// </summary>
    private static (byte Type, ushort Section, byte Visibility) DefSymTraits(SymbolTableSource source, SymbolResolution res, SyntheticSymbol synth, int depth)
    {
        var expr = DefSymExpression.Parse(synth.Name, synth.AliasOf!);
        if (expr.BaseSymbol is not { } name || depth > MaxAliasChain) return (STT_NOTYPE, SHN_ABS, STV_DEFAULT);
        var target = res.Definition(source.Db.Lookup(name));
        byte type, visibility;
        ushort section;
        if (res.IsSynthetic(target))
        {
            var inner = res.SyntheticOf(target);
            visibility = LinkerSymbolForm(inner).Visibility;
            if (inner.AliasOf is null) return (STT_NOTYPE, SHN_ABS, visibility);
            (type, section, byte innerVisibility) = DefSymTraits(source, res, inner, depth + 1);
            visibility = Resolver.MostConstraining(visibility, innerVisibility);
        }
        else
        {
            ref readonly var s = ref source.Db.Symbol(target);
            type = s.Type == STT_COMMON ? STT_OBJECT : s.Type;
            var f = source.Db.FileOf(target);
            bool shared = res.Objects[f].IsShared;
            visibility = shared ? STV_DEFAULT : s.Visibility;
            section = shared ? SHN_ABS : DefinedSection(source, f, target.Value - source.Db.FirstSymbol(f), target) ?? SHN_ABS;
        }
        return (type, expr.IsPlainAlias ? section : SHN_ABS, visibility);
    }

    /// <summary>The output section index .symtab gives the definition <paramref name="def"/> of an input
    /// object's global (null when its section was discarded), so .dynsym names the same section.</summary>
    public static ushort? DefinedSectionOf(Layout layout, SymbolId def)
    {
        var f = layout.Db.FileOf(def);
        return DefinedSection(SymbolTableSource.Of(layout), f, def.Value - layout.Db.FirstSymbol(f), def);
    }

    /// <summary>--defsym a=b, b=c, ...: deeper than this is a loop (b=a), which layout has already refused.</summary>
    private const int MaxAliasChain = 64;

    /// <summary>The output section index of the global symbol <paramref name="i"/> that file <paramref name="f"/>
    /// defines (SHN_ABS for an absolute one, .bss or .tbss for a common), or null when its section was discarded.</summary>
    private static ushort? DefinedSection(SymbolTableSource source, FileId f, int i, SymbolId def)
    {
        var obj = source.Resolution.Objects[f];
        ref readonly var s = ref obj.Symbols[i];
        if (s.IsAbsolute) return SHN_ABS;
        if (s.IsCommon) return (ushort)source.SectionOfCommon(def)!.HeaderIndex;
        int sec = obj.SymbolSection(i);
        var os = sec == 0 ? null : source.OutputOf(f, sec);
        return os is null ? null : (ushort)os.HeaderIndex;
    }
}
