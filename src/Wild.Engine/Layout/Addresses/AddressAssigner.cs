// Phase "Addresses and symbol table": orders the output sections by GNU ld's default script (rank, then first
// appearance), groups them into PT_LOAD segments (headers and read-only data, code, read-only data, read-write),
// assigns every address and file offset (PT_GNU_RELRO ending on a page boundary), makes the other program
// headers, links the dynamic sections to each other, values the linker-defined symbols, sizes .symtab and
// .strtab, and places the non-allocated sections (with --emit-relocs, the kept .rela<name> sections after them) and
// the section header table at the end of the file.
using Wild.Engine.Arch;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed partial class AddressAssigner
{
    private const ulong PageSize = 0x1000;

    private readonly Architecture _arch;
    private readonly SymbolResolution _res;
    private readonly LinkOptions _options;
    private OutputSection[] _compressed = [];
    private readonly SectionMap _map;
    private readonly OutputSections _outputs;
    private readonly OutputSectionTable _table;
    private readonly CommonSymbols _commons;
    private readonly SyntheticSections _synthetic;
    private readonly KeptRelocations? _kept;
    private readonly ParallelWork _work;
    private readonly bool _pie;
    private OutputSection[] _sections = [];
    // The default layout's sections before the empty ones were dropped, and those (EmptyOutputSections).
    private List<OutputSection> _allSections = [];
    private HashSet<OutputSection> _dropped = [];
    private Elf64ProgramHeader[] _programHeaders = [];
    private ulong _imageBase, _fileSize, _sectionHeaderOffset, _tlsStart, _tlsEnd, _tlsAlign;
    private bool _hasTls;
    // A script layout whose segments leave the ELF header out of memory: __ehdr_start has nothing to point at.
    private bool _headersUnmapped;
    private OutputSection? _symTab, _strTab;
    private SymbolTablePlan? _symbolTable;

    private AddressAssigner(Architecture arch, SymbolResolution res, SectionMap map, OutputSections outputs, CommonSymbols commons,
        SyntheticSections synthetic, KeptRelocations? kept, ParallelWork work)
    {
        _kept = kept;
        _arch = arch;
        _res = res;
        _options = res.Options;
        _map = map;
        _outputs = outputs;
        _table = outputs.Table;
        _commons = commons;
        _synthetic = synthetic;
        _work = work;
        _pie = _options.Kind is OutputKind.StaticPie or OutputKind.Pie or OutputKind.Shared;
    }

    /// <summary>
    /// A .got.plt that holds only its three reserved entries while there is no PLT, no GOT entry and no relocation against
    /// _GLOBAL_OFFSET_TABLE_: GNU ld does not write one then (a -nostdlib static program, a PIE whose GOT loads were all
    /// relaxed). It still gets the address it would have had, for a GOT-relative relocation (R_X86_64_GOTOFF64).
    /// GNU ld for AArch64 keeps .got (its first entry holds _DYNAMIC) and so .got.plt in every dynamic output.
    /// </summary>
    private bool IsUnusedGotPlt(OutputSection s) =>
        s.Synthetic == SyntheticContent.GotPlt && s.Size <= 24 && _synthetic.Plt is not { Size: > 0 } && _synthetic.RelaPlt is not { Size: > 0 }
        && _synthetic.Got is not { Size: > 0 } && !(_arch.GlobalOffsetTableAtGot && _synthetic.Dynamic is not null) && !GotSymbolRelocated();

    /// <summary>
    /// Whether a relocation of a placed section names _GLOBAL_OFFSET_TABLE_ (GNU ld's "GOT referenced"). The assembler
    /// lists that symbol in every object that uses a GOT relocation, so its presence alone says nothing. Asked only when
    /// nothing else keeps .got.plt, which is rare, so the walk over those objects' relocations costs a common link nothing.
    /// </summary>
    private bool GotSymbolRelocated()
    {
        var db = _res.Db;
        var got = db.Lookup("_GLOBAL_OFFSET_TABLE_");
        if (got.IsNone) return false;
        foreach (var f in _res.LoadedFiles)
        {
            var obj = _res.Objects[f];
            if (obj.IsShared) continue;
            int first = db.FirstSymbol(f), index = -1;
            for (int i = obj.FirstGlobal; i < obj.Symbols.Length && index < 0; i++)
                if (db.NameOf(new SymbolId(first + i)) == got) index = i;
            if (index < 0) continue;
            for (int sec = 1; sec < obj.SectionCount; sec++)
            {
                var flat = _map.Flat(f, sec);
                int rela = _map.RelaOf(flat);
                if (rela == 0 || _outputs.OutputOf(flat) is null) continue;
                foreach (ref readonly var r in obj.Relocations(rela))
                    if (r.SymbolIndex == (uint)index) return true;
            }
        }
        return false;
    }

    public static Placement Assign(Architecture arch, SymbolResolution res, SectionMap map, OutputSections outputs, CommonSymbols commons,
        SyntheticSections synthetic, KeptRelocations? kept, ParallelWork work)
    {
        var a = new AddressAssigner(arch, res, map, outputs, commons, synthetic, kept, work);
        var ordered = a._table.All.Where(o => o.Size > 0 || o.Synthetic != SyntheticContent.None || o.Inputs.Count > 0)
            .OrderBy(o => IsNoteRank(o.Rank) ? RankNoteProperty : o.Rank)
            // Notes grouped by alignment, largest first, as GNU ld places them (an orphan note goes after the last
            // note of its alignment, or before notes of smaller alignment), so each alignment needs one PT_NOTE.
            .ThenBy(o => IsNoteRank(o.Rank) ? -(long)o.Align : 0)
            .ThenBy(o => o.Rank).ThenBy(o => o.FirstSeen).ToList();
        // Drop empty synthetic sections that are optional. GNU ld keeps an empty .rela.dyn only when -z
        // pack-relative-relocs moved every relocation it had into .relr.dyn (DynamicEntries keeps DT_RELA then too).
        ordered.RemoveAll(o => o.Size == 0 && o.Synthetic is SyntheticContent.Got or SyntheticContent.Plt
                               or SyntheticContent.RelaPlt or SyntheticContent.RelaDyn && !(o.Synthetic == SyntheticContent.RelaDyn && synthetic.RelrDyn is not null));
        if (a._options.LinkerScript is { LaysOutEverything: true } script)
        {
            // --section-start and -Ttext/-Tdata/-Tbss override the script's address of their section (ScriptAddressAssigner).
            if (a._options.Magic != OutputMagic.Paged) Refuse($"{a.MagicOption} with a -T script that has SECTIONS");
            a.AssignScriptAddresses(script, ordered);
        }
        else
        {
            if (a._options.LinkerScript is { Insert: not null } inserting) ordered = a.ApplyInsert(inserting, ordered);
            // GNU ld removes the empty output sections its default script does not KEEP (an INSERT script's own
            // statements may refer to them, so they stay with one).
            if (a._options.LinkerScript is null)
            {
                a._allSections = [.. ordered];
                a._dropped = [.. ordered.Where(o => EmptyOutputSections.IsDropped(o, a._options) || a.IsUnusedGotPlt(o))];
                ordered.RemoveAll(a._dropped.Contains);
            }
            for (int i = 0; i < ordered.Count; i++) ordered[i].HeaderIndex = i + 1;
            a._sections = ordered.ToArray();
            if (a._options.LinkerScript is { Insert: not null } inserted) a.AssignInsertedAddresses(inserted);
            else a.AssignAddresses();
            if (a._dropped.Count > 0)
                EmptyOutputSections.Place(a._allSections, a._dropped, a._options.Z.Relro && a._options.Magic == OutputMagic.Paged);
        }
        var values = a.LinkerSymbolValues();
        a.PlaceNonAlloc();
        for (int i = 0; i < a._allSections.Count; i++)
            if (a._dropped.Contains(a._allSections[i]))
                a._allSections[i].HeaderIndex = EmptyOutputSections.NearbyHeaderIndex(a._allSections, a._dropped, i);
        foreach (var s in a._sections) s.Freeze();
        foreach (var s in a._dropped) s.Freeze();
        return new Placement
        {
            Sections = a._sections, ProgramHeaders = a._programHeaders, ImageBase = a._imageBase, FileSize = a._fileSize,
            SectionHeaderOffset = a._sectionHeaderOffset, HasTls = a._hasTls, TlsStart = a._tlsStart, TlsEnd = a._tlsEnd,
            TlsAlign = a._tlsAlign, SyntheticValues = values, SymTab = a._symTab, StrTab = a._strTab, SymbolTable = a._symbolTable,
            ScriptSection = a._scriptSection, ScriptAbsolute = a._scriptAbsolute, ScriptBytes = a._scriptBytes,
            Compressed = a._compressed, Kept = kept, Dropped = [.. a._allSections.Where(a._dropped.Contains)],
        };
    }

    /// <summary>-z separate-code as given, else the architecture's default.</summary>
    private bool SeparateCode => _options.Z.SeparateCode ?? _arch.DefaultSeparateCode;

    /// <summary>The maximum page size segments are aligned to: -z max-page-size, else the architecture's default.</summary>
    private ulong MaxPage => Math.Max(PageSize, _options.Z.MaxPageSize != 0 ? _options.Z.MaxPageSize : _arch.DefaultMaxPageSize);

    private void AssignAddresses()
    {
        var sections = _sections;
        bool pie = _pie;
        ulong maxPage = MaxPage;
        // -Ttext-segment / --image-base: where the first segment (the ELF header's) starts, in a PIE too (GNU ld's
        // default script starts at SEGMENT_START("text-segment", 0) there).
        _imageBase = _options.ImageBase ?? (pie ? 0UL : _arch.DefaultImageBase);
        if (_imageBase % maxPage != 0)
            throw new LinkException(ErrorId.InvalidOption,
                $"image base 0x{_imageBase:x} (-Ttext-segment / --image-base) is not a multiple of the maximum page size 0x{maxPage:x}");

        CheckMagic();
        bool magic = _options.Magic != OutputMagic.Paged;

        // Program headers first: their count fixes where the first section can start.
        var alloc = sections.Where(s => s.IsAlloc).ToList();
        var fixedAt = FixedStarts(alloc);
        // -N: GNU ld marks the code writable ("text and data sections readable and writable"); read-only data stays so.
        if (_options.Magic == OutputMagic.OMagic)
            foreach (var s in alloc)
                if ((s.Flags & SHF_EXECINSTR) != 0) s.Flags |= SHF_WRITE;
        var tls = alloc.Where(s => s.IsTls).ToList();
        var notes = alloc.Where(s => s.Type == SHT_NOTE).ToList();
        int noteRuns = 0;
        for (int i = 0; i < notes.Count; i++)
            if (i == 0 || notes[i].Align != notes[i - 1].Align || notes[i].HeaderIndex != notes[i - 1].HeaderIndex + 1) noteRuns++;
        // -N/-n: GNU ld's scripts for them have no DATA_SEGMENT_RELRO_END (-N) or it only moves the data (-n); no PT_GNU_RELRO.
        bool relro = !magic && _options.Z.Relro && alloc.Any(s => IsRelroRank(s.Rank)) && !PinsRelro(fixedAt);
        var segments = new List<(uint Flags, List<OutputSection> List)>();
        List<OutputSection>? current = null;
        int currentKind = -1;
        foreach (var s in alloc)
        {
            int kind = IsFirstSegmentRank(s.Rank) ? 0 : IsExecSegmentRank(s.Rank) ? 1 : IsReadOnlyDataRank(s.Rank) ? 2
                : s.Rank == RankLrodata ? 4 : s.Rank == RankLdata ? 5 : 3;
            // -z noseparate-code: GNU ld's older layout, one segment for the headers, code and read-only data.
            if (!SeparateCode && kind is 1 or 2) kind = 0;
            if (kind != currentKind)
            {
                current = [];
                segments.Add((kind switch { 0 or 2 or 4 => PF_R, 1 => PF_R | PF_X, _ => PF_R | PF_W }, current));
                currentKind = kind;
            }
            current!.Add(s);
        }
        if (segments.Count == 0 || segments[0].Flags != PF_R || !(IsFirstSegmentRank(segments[0].List[0].Rank) || !SeparateCode))
            segments.Insert(0, (PF_R, []));
        if (!SeparateCode)
            for (int i = 0; i < segments.Count; i++)
                if (segments[i].Flags == PF_R && segments[i].List.Exists(s => (s.Flags & SHF_EXECINSTR) != 0))
                    segments[i] = (PF_R | PF_X, segments[i].List);
        // -N/-n: one segment that holds everything and not the headers (they are not demand paged, so not mapped).
        if (magic) segments = [(PF_R | PF_W | PF_X, alloc)];
        // A pinned section opens a PT_LOAD of its own unless it already starts one (the first of a later segment).
        int extraLoads = fixedAt.Keys.Count(f => segments.FindIndex(g => g.List.Contains(f)) is var si && (si == 0 || segments[si].List[0] != f));
        int phdrCount = segments.Count + extraLoads + (_synthetic.Dynamic is not null ? 1 : 0)
                        + noteRuns + (tls.Count > 0 ? 1 : 0) + (_synthetic.PropertyNote is not null ? 1 : 0)
                        + (_synthetic.EhFrameHdr is not null ? 1 : 0) + (_map.StackHeader ? 1 : 0) + (relro ? 1 : 0) + (_synthetic.Interp is not null ? 2 : 0);
        ulong headersSize = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
        ulong offset = headersSize;
        ulong baseAddr = _imageBase;
        // -Ttext (or --section-start) pinning the first section into the headers' page, when the headers' segment
        // holds nothing else: GNU ld derives that segment's address from the section after it, so the headers move
        // down to the page that leaves them room below it (-Ttext 0x400078 puts them at 0x3ff000).
        if (!magic && _options.ImageBase is null && segments.Count > 1 && segments[0].List.Count == 0
            && fixedAt.TryGetValue(segments[1].List[0], out ulong firstAt) && firstAt >= baseAddr && firstAt < baseAddr + headersSize && firstAt >= headersSize + maxPage)
            baseAddr = _imageBase = (firstAt - headersSize) & ~(maxPage - 1);

        var loads = new List<Elf64ProgramHeader>();
        ulong tlsAlign = tls.Count == 0 ? 1 : tls.Max(t => _contentAlign.GetValueOrDefault(t, t.Align));
        if (tls.Count > 0 && !_contentAlign.ContainsKey(tls[0])) tls[0].Align = tlsAlign;
        // Where the relro region ends: always a page boundary, set while the RW segment is placed.
        ulong relroEnd = 0;
        for (int si = 0; si < segments.Count; si++)
        {
            var (flags, list) = segments[si];
            bool relroSegment = relro && si > 0 && flags == (PF_R | PF_W) && !IsLargeDataSegmentRank(list[0].Rank);
            ulong segOffset, segAddr;
            // A PIE is loaded at a base aligned to the largest p_align, so a section aligned beyond a page
            // raises its segment's alignment (and the address/offset congruence that goes with it).
            ulong segAlign = Math.Max(magic ? 1 : maxPage, list.Where(x => !(x.IsTls && x.IsNoBits)).Select(x => x.Align).DefaultIfEmpty(1UL).Max());
            if (magic)
            {
                // GNU ld's -N/-n: the first section right after the headers, in the file and in memory.
                segOffset = headersSize;
                segAddr = baseAddr + headersSize;
            }
            else if (si == 0)
            {
                segOffset = 0;
                segAddr = baseAddr;
            }
            else if (fixedAt.TryGetValue(list[0], out ulong pinned))
            {
                segAddr = pinned;
                segOffset = CongruentOffset(offset, pinned, segAlign);
            }
            else if (flags == (PF_R | PF_W) || IsLargeDataSegmentRank(list[0].Rank))
            {
                // Data shares its first file page with what precedes it; its address moves to a new page
                // with the same page offset (the large-data segments too, past the data segment's zero-fill).
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
                    ulong pad = RelroPad(list, segAddr);
                    segAddr += pad;
                    segOffset += pad;
                }
            }
            else
            {
                segOffset = AlignUp(offset, segAlign);
                segAddr = baseAddr + segOffset;
                if (fixedAt.Count > 0)
                {
                    // After a pinned section the addresses run on from it (GNU ld's `.` does), not from the base.
                    var prev = loads[^1];
                    segAddr = prev.VirtualAddress - prev.Offset + segOffset;
                    ulong prevEnd = AlignUp(prev.VirtualAddress + prev.MemorySize, segAlign);
                    if (segAddr < prevEnd) segAddr += AlignUp(prevEnd - segAddr, segAlign);
                }
            }
            offset = segOffset;
            ulong addr = segAddr;
            if (si == 0 && !magic)
            {
                offset = headersSize;
                addr = baseAddr + offset;
            }
            ulong fileEnd = offset, memEnd = addr;
            ulong tbssEnd = 0; // where the previous TLS NOBITS section ends in the TLS template (0: none yet)
            bool dataStep = _options.Magic == OutputMagic.NMagic;
            for (int k = 0; k < list.Count; k++)
            {
                var s = list[k];
                if (relroSegment && relroEnd == 0 && !IsRelroRank(s.Rank))
                {
                    // The first section after relro starts on the next page: the gap (less than the largest
                    // relro alignment, or any size if that is a page or more) belongs to relro.
                    relroEnd = AlignUp(addr, PageSize);
                    addr = relroEnd;
                }
                if (dataStep && s.Rank >= 30)
                {
                    // -n keeps the default script's DATA_SEGMENT_ALIGN: the data goes a page up at the same page
                    // offset, then slides so that what would be relro ends on a page (no PT_GNU_RELRO is made).
                    dataStep = false;
                    addr = AlignUp(addr, maxPage) + (addr & (maxPage - 1));
                    if (_options.Z.Relro && IsRelroRank(s.Rank))
                        addr += RelroPad(list.GetRange(k, list.Count - k), addr);
                }
                // (Before an address the INSERT script gives it: `.` there is where the previous section ends.)
                if (s == _firstInserted) _insertDot = addr;
                if (fixedAt.TryGetValue(s, out ulong at) && (si == 0 || k > 0))
                {
                    // A pinned section in the middle of a segment: what came before is one PT_LOAD, it starts the next.
                    loads.Add(new Elf64ProgramHeader
                    {
                        Type = PT_LOAD, Flags = flags, Offset = segOffset, VirtualAddress = segAddr, PhysicalAddress = segAddr,
                        FileSize = fileEnd - segOffset, MemorySize = memEnd - segAddr, Align = segAlign,
                    });
                    segOffset = offset = fileEnd = CongruentOffset(fileEnd, at, segAlign);
                    segAddr = addr = memEnd = at;
                }
                if (s.IsTls && s.IsNoBits)
                {
                    // .tbss occupies TLS space only: it does not advance the addresses of what follows. A second
                    // TLS NOBITS section (an orphan such as .tbss_extra) follows the first inside the template, or
                    // their variables would share thread-local storage.
                    s.Address = AlignUp(Math.Max(addr, tbssEnd), s.Align);
                    s.FileOffset = offset;
                    tbssEnd = s.Address + s.Size;
                    continue;
                }
                addr = AlignUp(addr, s.Align);
                // Where the INSERT script's walk put it (a `.` moved before it, ALIGN), when that is further on.
                if (_insertStarts.TryGetValue(s, out ulong wanted) && wanted > addr) addr = wanted;
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
        if (fixedAt.Count > 0)
        {
            RefuseTopOfAddressSpace(alloc);
            CheckOverlaps(alloc, baseAddr + headersSize);
            SortLoads(loads, alloc, maxPage);
        }

        _fileSize = offset;

        LinkDynamicSections();

        // The remaining program headers; PT_PHDR and PT_INTERP must precede every PT_LOAD.
        var phdrs = new List<Elf64ProgramHeader>();
        if (_synthetic.Interp is { } interp)
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
        if (loads[0].FileSize == 0 && !magic)
        {
            // The first segment always maps the ELF and program headers.
            var first = loads[0];
            first.FileSize = first.MemorySize = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
            phdrs[firstLoad] = first;
        }
        if (_synthetic.Dynamic is { } dyn) phdrs.Add(Segment(PT_DYNAMIC, PF_R | PF_W, [dyn], 8));
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
            _hasTls = true;
            _tlsStart = seg.VirtualAddress;
            _tlsAlign = tlsAlign;
            _tlsEnd = TlsBlockEnd(seg, tlsAlign);
        }
        if (_synthetic.PropertyNote is { } prop)
            phdrs.Add(Segment(PT_GNU_PROPERTY, PF_R, [prop], 8));
        if (_synthetic.EhFrameHdr is { } hdr) phdrs.Add(Segment(PT_GNU_EH_FRAME, PF_R, [hdr], 4));
        if (_map.StackHeader) phdrs.Add(StackHeader(_map, _options));
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
        _programHeaders = phdrs.ToArray();
    }


    /// <summary>sh_link/sh_info between the dynamic sections, once header indexes are final (default layout or script).</summary>
    private void LinkDynamicSections()
    {
        if (_synthetic.RelaPlt is { } relaPlt)
        {
            relaPlt.Info = (uint)_synthetic.GotPlt!.HeaderIndex;
            if (_table.Find(".dynsym") is { } ds) relaPlt.Link = (uint)ds.HeaderIndex;
        }
        if (_table.Find(".dynsym") is { } dynsym)
        {
            uint dynstrIndex = (uint)_table.Find(".dynstr")!.HeaderIndex;
            dynsym.Link = dynstrIndex;
            foreach (var name in (string[])[".gnu.hash", ".hash", ".gnu.version", ".rela.dyn", ".rela.plt"])
                if (_table.Find(name) is { } linked) linked.Link = (uint)dynsym.HeaderIndex;
            if (_table.Find(".gnu.version_r") is { } verneed) verneed.Link = dynstrIndex;
            if (_table.Find(".gnu.version_d") is { } verdef) verdef.Link = dynstrIndex;
            _synthetic.Dynamic!.Link = dynstrIndex;
            // .dynsym's sh_info: one past the last local symbol (only the null symbol is local).
            dynsym.Info = 1;
        }
    }

    /// <summary>Non-allocated sections, then .symtab/.strtab (now that every value is final), .shstrtab and the headers.</summary>
    private void PlaceNonAlloc()
    {
        var sections = _sections;
        ulong offset = _fileSize;
        // Non-allocated sections follow the image; symbol tables are sized now that addresses are known.
        // With --compress-debug-sections, .debug_* sections go after the section header table instead: their
        // size is known only once the writer has relocated and compressed them (DebugSectionCompressor), and
        // nothing else in the file may move then. ELF lets sections lie anywhere after the headers.
        var compressed = new List<OutputSection>();
        foreach (var s in sections.Where(s => !s.IsAlloc))
        {
            if (s.Synthetic is SyntheticContent.SymTab or SyntheticContent.StrTab or SyntheticContent.ShStrTab) continue;
            if (_options.CompressDebugSections != DebugCompression.None && IsCompressible(s))
            {
                compressed.Add(s);
                continue;
            }
            offset = AlignUp(offset, s.Align);
            s.FileOffset = offset;
            s.Address = 0;
            offset += s.Size;
        }
        // --emit-relocs: a section symbol for each section so far (header indexes 1..N), as GNU ld's -q output has.
        var symtab = SymbolTableBuilder.Build(new SymbolTableSource(_res, _map, _outputs, _commons, null, _kept), _work,
            _kept is null ? 0 : sections.Length, _kept);
        _symTab = symtab.SymTab;
        _strTab = symtab.StrTab;
        _symbolTable = symtab.Plan;
        var shstr = new OutputSection { Name = ".shstrtab", Type = SHT_STRTAB, Synthetic = SyntheticContent.ShStrTab, Rank = RankShStrTab };
        var extra = new List<OutputSection>();
        // In the order of the sections they relocate, as GNU ld lists them.
        if (_kept is not null)
            extra.AddRange(Enumerable.Range(0, _kept.Sections.Length).OrderBy(i => _kept.Targets[i].HeaderIndex).Select(i => _kept.Sections[i]));
        if (symtab.SymTab is not null) extra.Add(symtab.SymTab);
        if (symtab.StrTab is not null) extra.Add(symtab.StrTab);
        extra.Add(shstr);
        _sections = sections.Concat(extra).ToArray();
        for (int i = 0; i < _sections.Length; i++) _sections[i].HeaderIndex = i + 1;
        shstr.Contents = ShStrTab.Build(_sections);
        shstr.Size = (ulong)shstr.Contents.Length;
        foreach (var s in extra)
        {
            offset = AlignUp(offset, s.Align);
            s.FileOffset = offset;
            offset += s.Size;
        }
        offset = AlignUp(offset, 8);
        _sectionHeaderOffset = offset;
        _fileSize = offset + (ulong)(_sections.Length + 1) * SectionHeaderSize;

        if (symtab.SymTab is not null) symtab.SymTab.Link = (uint)symtab.StrTab!.HeaderIndex;
        if (_kept is not null)
            for (int i = 0; i < _kept.Sections.Length; i++)
            {
                _kept.Sections[i].Link = (uint)symtab.SymTab!.HeaderIndex;
                _kept.Sections[i].Info = (uint)_kept.Targets[i].HeaderIndex;
            }
        _compressed = [.. compressed];
    }

    /// <summary>GNU ld's rule for --compress-debug-sections: every non-allocated section named .debug_* with
    /// contents (whether it stays compressed depends on its bytes: the writer's).</summary>
    private static bool IsCompressible(OutputSection s) =>
        !s.IsAlloc && !s.IsNoBits && s.Size > 0 && s.Synthetic == SyntheticContent.None && s.Name.StartsWith(".debug_", StringComparison.Ordinal);

    private ulong[] LinkerSymbolValues()
    {
        var values = new ulong[_res.Synthetic.Length];
        var alloc = _sections.Where(s => s.IsAlloc).ToList();
        // _edata is where the default script assigns it, before .bss: the large-data segments come after it.
        ulong dataEnd = alloc.Where(s => !s.IsNoBits && !IsLargeDataSegmentRank(s.Rank)).Select(s => s.Address + s.Size).DefaultIfEmpty(_imageBase).Max();
        ulong end = alloc.Select(s => s.Address + (s.IsTls && s.IsNoBits ? 0 : s.Size)).DefaultIfEmpty(_imageBase).Max();
        // (A script with SECTIONS says itself where its symbols go: SEGMENT_START gives it these addresses.)
        bool defaultLayout = _options.LinkerScript is not { LaysOutEverything: true };
        if (defaultLayout && (_options.SectionStarts.Count > 0 || _options.RodataSegment is not null))
        {
            // GNU ld assigns _edata and _end in script order, right after .data and .bss: with sections pinned, the
            // last ones in the output's order, not the highest addresses.
            dataEnd = alloc.LastOrDefault(s => !s.IsNoBits) is { } lastData ? lastData.Address + lastData.Size : _imageBase;
            end = alloc.LastOrDefault(s => !(s.IsTls && s.IsNoBits)) is { } last ? last.Address + last.Size : _imageBase;
        }
        if (defaultLayout && _options.LdataSegment is { } ldata)
        {
            // GNU ld's default script sets `.` to SEGMENT_START("ldata-segment", .) after .bss, places .lrodata and
            // .ldata there and then assigns _end: with -Tldata-segment, _end is that address even without large data.
            if (alloc.FirstOrDefault(s => s.Name.StartsWith(".lrodata", StringComparison.Ordinal) || s.Name.StartsWith(".ldata", StringComparison.Ordinal)
                                          || s.Name.StartsWith(".lbss", StringComparison.Ordinal)) is { } large)
                Refuse($"-Tldata-segment with large-model data ({large.Name}): wild does not lay out GNU ld's large-data segment");
            end = AlignUp(ldata, 8);
        }
        ulong textEnd = alloc.Where(s => IsExecSegmentRank(s.Rank)).Select(s => s.Address + s.Size).DefaultIfEmpty(_imageBase).Max();
        var bss = alloc.FirstOrDefault(s => s.IsNoBits && !s.IsTls);
        for (int i = 0; i < values.Length; i++)
        {
            var sym = _res.Synthetic[i];
            values[i] = sym.Kind switch
            {
                SyntheticKind.EhdrStart when _headersUnmapped && sym.Name == "__ehdr_start" => UnmappedHeaderStart(),
                SyntheticKind.EhdrStart => _imageBase,
                SyntheticKind.End => end,
                SyntheticKind.DataEnd => dataEnd,
                SyntheticKind.BssStart => bss?.Address ?? dataEnd,
                SyntheticKind.TextEnd => textEnd,
                SyntheticKind.GlobalOffsetTable => _arch.GlobalOffsetTableAtGot && _synthetic.Got is { } got ? got.Address : _synthetic.GotPlt!.Address,
                SyntheticKind.Dynamic => _synthetic.Dynamic?.Address ?? 0,
                SyntheticKind.RelaIpltStart => _synthetic.RelaPlt?.Address ?? 0,
                SyntheticKind.RelaIpltEnd => _synthetic.RelaPlt is { } r ? r.Address + r.Size : 0,
                SyntheticKind.TlsModuleBase => _tlsStart,
                SyntheticKind.Absolute => sym.Value,
                SyntheticKind.SectionStart => Placed(sym.Section!) is { } s1 ? s1.Address : WhereAbsentArrayWouldBe(sym.Section!),
                SyntheticKind.SectionEnd => Placed(sym.Section!) is { } s2 ? s2.Address + s2.Size : WhereAbsentArrayWouldBe(sym.Section!),
                SyntheticKind.Script or SyntheticKind.ScriptHidden => ScriptSymbolValue(sym.Name, i),
                _ => 0,
            };
        }
        return values;
    }

    /// <summary>__ehdr_start when no segment loads the ELF header: GNU ld leaves it undefined, so a strong reference
    /// is an error and a weak one reads 0 (never an address where nothing is mapped).</summary>
    private ulong UnmappedHeaderStart()
    {
        if (_res.Db.Lookup("__ehdr_start") is { IsNone: false } name && (_res.References(name) & SymbolResolution.StrongReference) != 0)
            throw new LinkException(ErrorId.UndefinedSymbol,
                "undefined symbol: __ehdr_start: no segment of this layout loads the ELF header (the script leaves no room for it " +
                "below the first section), so it has no address; GNU ld leaves it undefined too");
        return 0;
    }

    private OutputSection? Placed(string name) =>
        _table.Find(name) is { } s && (Array.IndexOf(_sections, s) >= 0 || _dropped.Contains(s)) ? s : null;

    /// <summary>
    /// GNU ld's default script defines __preinit_array_start/end (and the init and fini ones) with PROVIDE_HIDDEN
    /// around their output sections, so without the section they are the location counter there: the end of the
    /// writable section before it (.tdata), else the start of the section after it. 0 for other absent sections,
    /// whose __start_/__stop_ symbols are never defined.
    /// </summary>
    private ulong WhereAbsentArrayWouldBe(string name)
    {
        if (name is not (".preinit_array" or ".init_array" or ".fini_array")) return 0;
        int rank = OutputSectionRules.RankOf(name, SHT_INIT_ARRAY, SHF_ALLOC | SHF_WRITE);
        OutputSection? before = null;
        foreach (var s in _sections)
        {
            if (!s.IsAlloc || (s.IsTls && s.IsNoBits)) continue;
            if (s.Rank > rank) return before is not null && IsRelroRank(before.Rank) ? before.Address + before.Size : s.Address;
            before = s;
        }
        return before is null ? 0 : before.Address + before.Size;
    }

    /// <summary>The end of the TLS template as the thread pointer sees it: ld.so places the block so that it keeps
    /// p_vaddr's offset within p_align, which puts the end of the block, rounded up to p_align, at the thread pointer.
    /// For a p_vaddr on its alignment (every layout but a pinned TLS section) that is p_vaddr + p_memsz rounded up.</summary>
    internal static ulong TlsBlockEnd(in Elf64ProgramHeader tls, ulong align) => AlignUp(tls.VirtualAddress + tls.MemorySize, align);

    /// <summary>How far the relro sections at the start of <paramref name="list"/> slide from <paramref name="start"/>
    /// so that they end on a page, in steps of their largest alignment (each keeps its alignment).</summary>
    private static ulong RelroPad(List<OutputSection> list, ulong start)
    {
        ulong relroSize = MeasureRelro(list, start);
        ulong maxAlign = list.Where(s => IsRelroRank(s.Rank)).Max(s => s.Align);
        ulong pad = AlignUp(start + relroSize, PageSize) - (start + relroSize);
        return pad - pad % Math.Max(1, maxAlign);
    }

    /// <summary>The first file offset at or after <paramref name="offset"/> congruent to <paramref name="address"/>
    /// modulo <paramref name="align"/>, as mmap needs for a segment at that address.</summary>
    private static ulong CongruentOffset(ulong offset, ulong address, ulong align) =>
        offset + (address % align + align - offset % align) % align;

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

    private static bool IsNoteRank(int rank) => rank is RankNoteProperty or RankNoteBuildId or RankNote;

    /// <summary>GNU ld's automatic PT_GNU_STACK: read-write, executable when <see cref="SectionMap.ExecutableStack"/>,
    /// its size -z stack-size's (0: the system's default).</summary>
    internal static Elf64ProgramHeader StackHeader(SectionMap map, LinkOptions options) => new()
    {
        Type = PT_GNU_STACK, Flags = PF_R | PF_W | (map.ExecutableStack ? PF_X : 0), Align = 16, MemorySize = options.Z.StackSize,
    };
}
