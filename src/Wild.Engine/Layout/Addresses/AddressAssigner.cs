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
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

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
    private Elf64ProgramHeader[] _programHeaders = [];
    private ulong _imageBase, _fileSize, _sectionHeaderOffset, _tlsStart, _tlsEnd, _tlsAlign;
    private bool _hasTls;
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
        // Drop empty synthetic sections that are optional.
        ordered.RemoveAll(o => o.Size == 0 && o.Synthetic is SyntheticContent.Got or SyntheticContent.Plt
                               or SyntheticContent.RelaPlt or SyntheticContent.RelaDyn && !(o.Synthetic == SyntheticContent.RelaDyn && synthetic.Dynamic is not null));
        if (a._options.LinkerScript is { LaysOutEverything: true } script)
            a.AssignScriptAddresses(script, ordered);
        else
        {
            if (a._options.LinkerScript is { Insert: not null } inserting) ordered = a.ApplyInsert(inserting, ordered);
            for (int i = 0; i < ordered.Count; i++) ordered[i].HeaderIndex = i + 1;
            a._sections = ordered.ToArray();
            a.AssignAddresses();
            if (a._options.LinkerScript is { Insert: not null } inserted) a.EvaluateInsertedSymbols(inserted);
        }
        var values = a.LinkerSymbolValues();
        a.PlaceNonAlloc();
        foreach (var s in a._sections) s.Freeze();
        return new Placement
        {
            Sections = a._sections, ProgramHeaders = a._programHeaders, ImageBase = a._imageBase, FileSize = a._fileSize,
            SectionHeaderOffset = a._sectionHeaderOffset, HasTls = a._hasTls, TlsStart = a._tlsStart, TlsEnd = a._tlsEnd,
            TlsAlign = a._tlsAlign, SyntheticValues = values, SymTab = a._symTab, StrTab = a._strTab, SymbolTable = a._symbolTable,
            ScriptSection = a._scriptSection, ScriptAbsolute = a._scriptAbsolute,
            Compressed = a._compressed, Kept = kept,
        };
    }

    private void AssignAddresses()
    {
        var sections = _sections;
        bool pie = _pie;
        ulong maxPage = Math.Max(PageSize, _options.Z.MaxPageSize);
        // -Ttext-segment / --image-base: where the first segment (the ELF header's) starts, in a PIE too (GNU ld's
        // default script starts at SEGMENT_START("text-segment", 0) there).
        _imageBase = _options.ImageBase ?? (pie ? 0UL : _arch.DefaultImageBase);
        if (_imageBase % maxPage != 0)
            throw new LinkException(ErrorId.InvalidOption,
                $"image base 0x{_imageBase:x} (-Ttext-segment / --image-base) is not a multiple of the maximum page size 0x{maxPage:x}");

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
        int phdrCount = 1 + (hasExec ? 1 : 0) + (hasRo ? 1 : 0) + (hasRw ? 1 : 0) + (_synthetic.Dynamic is not null ? 1 : 0)
                        + noteRuns + (tls.Count > 0 ? 1 : 0) + (_synthetic.PropertyNote is not null ? 1 : 0)
                        + (_synthetic.EhFrameHdr is not null ? 1 : 0) + 1 + (relro ? 1 : 0) + (_synthetic.Interp is not null ? 2 : 0);

        ulong offset = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
        ulong baseAddr = _imageBase;
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
            ulong tbssEnd = 0; // where the previous TLS NOBITS section ends in the TLS template (0: none yet)
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
                    // .tbss occupies TLS space only: it does not advance the addresses of what follows. A second
                    // TLS NOBITS section (an orphan such as .tbss_extra) follows the first inside the template, or
                    // their variables would share thread-local storage.
                    s.Address = AlignUp(Math.Max(addr, tbssEnd), s.Align);
                    s.FileOffset = offset;
                    tbssEnd = s.Address + s.Size;
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

        _fileSize = offset;

        // Links between sections.
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
        if (loads[0].FileSize == 0)
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
            _tlsEnd = seg.VirtualAddress + AlignUp(seg.MemorySize, tlsAlign);
        }
        if (_synthetic.PropertyNote is { } prop)
            phdrs.Add(Segment(PT_GNU_PROPERTY, PF_R, [prop], 8));
        if (_synthetic.EhFrameHdr is { } hdr) phdrs.Add(Segment(PT_GNU_EH_FRAME, PF_R, [hdr], 4));
        phdrs.Add(new Elf64ProgramHeader
        {
            Type = PT_GNU_STACK, Flags = PF_R | PF_W | (_map.ExecutableStack ? PF_X : 0), Align = 16, MemorySize = _options.Z.StackSize,
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
        _programHeaders = phdrs.ToArray();
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
        ulong dataEnd = alloc.Where(s => !s.IsNoBits).Select(s => s.Address + s.Size).DefaultIfEmpty(_imageBase).Max();
        ulong end = alloc.Select(s => s.Address + (s.IsTls && s.IsNoBits ? 0 : s.Size)).DefaultIfEmpty(_imageBase).Max();
        ulong textEnd = alloc.Where(s => IsExecSegmentRank(s.Rank)).Select(s => s.Address + s.Size).DefaultIfEmpty(_imageBase).Max();
        var bss = alloc.FirstOrDefault(s => s.IsNoBits && !s.IsTls);
        for (int i = 0; i < values.Length; i++)
        {
            var sym = _res.Synthetic[i];
            values[i] = sym.Kind switch
            {
                SyntheticKind.EhdrStart => _imageBase,
                SyntheticKind.End => end,
                SyntheticKind.DataEnd => dataEnd,
                SyntheticKind.BssStart => bss?.Address ?? dataEnd,
                SyntheticKind.TextEnd => textEnd,
                SyntheticKind.GlobalOffsetTable => _synthetic.GotPlt!.Address,
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

    private OutputSection? Placed(string name) => _table.Find(name) is { } s && Array.IndexOf(_sections, s) >= 0 ? s : null;

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
}
