// Program headers for a -T script layout, once ScriptAddressAssigner has placed the sections: from the script's
// PHDRS when it has one (only the headers it lists, as GNU ld), otherwise GNU ld's automatic segments: a new
// PT_LOAD where the load addresses leave a page gap, where the VMA-LMA difference changes, where file data would
// follow zero-fill, and, on a new page, where writable data follows read-only or (-z separate-code) code starts
// or ends. File offsets are congruent to addresses modulo the page size; the ELF and program headers are
// loaded only when the first section leaves room for them in its page. Also the PT_NOTE, PT_TLS,
// PT_GNU_PROPERTY, PT_GNU_EH_FRAME and PT_GNU_STACK headers, and for a dynamic output PT_PHDR, PT_INTERP,
// PT_DYNAMIC and (from the walk's DATA_SEGMENT_RELRO_END) PT_GNU_RELRO, in the default layout's order.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Scripts;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Layout;

internal sealed class ScriptSegments
{
    private readonly List<OutputSection> _alloc;
    private readonly Dictionary<OutputSection, ulong> _lma;
    private readonly ulong _page;
    private readonly bool _separateCode;

    public ScriptSegments(List<OutputSection> alloc, Dictionary<OutputSection, ulong> lma, ulong page, bool separateCode)
    {
        _alloc = alloc;
        _lma = lma;
        _page = page;
        _separateCode = separateCode;
    }

    public Elf64ProgramHeader[] ProgramHeaders { get; private set; } = [];
    /// <summary>The automatic headers include PT_GNU_STACK (<see cref="SectionMap.StackHeader"/>).</summary>
    public bool StackHeader { get; init; } = true;
    public ulong FileEnd { get; private set; }
    /// <summary>Where the ELF header would be in memory (__ehdr_start): the first PT_LOAD's address less its offset.</summary>
    public ulong ImageBase { get; private set; }
    /// <summary>Some PT_LOAD holds the ELF header (GNU ld defines __ehdr_start only then).</summary>
    public bool HeadersLoaded { get; private set; }
    public List<OutputSection> Tls { get; } = [];

    private ulong Lma(OutputSection s) => _lma[s];

    private static bool Occupies(OutputSection s) => !(s.IsTls && s.IsNoBits);

    /// <summary>The sections that take addresses, by load address (script order among equal ones): GNU ld maps
    /// sections to segments in that order, whatever order the script names them in, so PT_LOADs come in ascending
    /// address order (the gABI's rule) and a section placed below an earlier one shares its page's segment.</summary>
    private IEnumerable<OutputSection> ByLoadAddress() => _alloc.Where(Occupies).OrderBy(Lma);

    /// <summary>GNU ld's automatic PT_LOAD segments (map_sections_to_segments' rules).</summary>
    public List<List<OutputSection>> AutomaticLoads()
    {
        var loads = new List<List<OutputSection>>();
        List<OutputSection>? current = null;
        OutputSection? last = null;
        bool writable = false, executable = false;
        foreach (var s in ByLoadAddress())
        {
            bool sWritable = (s.Flags & SHF_WRITE) != 0, sCode = (s.Flags & SHF_EXECINSTR) != 0;
            bool start = current is null;
            if (!start)
            {
                ulong lastSize = last!.Size;
                ulong lastEnd = Lma(last) + lastSize;
                // A section that starts in the page where the previous one ends shares its segment; on another page,
                // writable data after read-only, or code next to non-code (-z separate-code), starts a new one.
                bool samePage = ((lastEnd - 1) & ~(_page - 1)) == (Lma(s) & ~(_page - 1));
                start = unchecked(Lma(s) - s.Address) != unchecked(Lma(last) - last.Address)
                        || AlignUp(lastEnd, _page) < AlignUp(Lma(s), _page)
                        || (last.IsNoBits && !s.IsNoBits)
                        || Lma(s) < Lma(last)
                        || (!samePage && ((!writable && sWritable) || (_separateCode && executable != sCode)));
            }
            if (start)
            {
                current = [];
                loads.Add(current);
                writable = executable = false;
            }
            current!.Add(s);
            writable |= sWritable;
            executable |= sCode;
            last = s;
        }
        return loads;
    }

    /// <summary>PT_GNU_RELRO's range from the walk (DATA_SEGMENT_ALIGN to the page-aligned DATA_SEGMENT_RELRO_END); null for none.</summary>
    public (ulong Start, ulong End)? Relro { get; init; }

    /// <summary>How many program headers the automatic layout makes (for SIZEOF_HEADERS).</summary>
    public int AutomaticCount(SyntheticSections synthetic, List<OutputSection> placed)
    {
        int notes = NoteRuns().Count;
        int count = AutomaticLoads().Count + notes + (_alloc.Any(s => s.IsTls) ? 1 : 0) + (Placed(synthetic.PropertyNote, placed) ? 1 : 0)
               + (Placed(synthetic.EhFrameHdr, placed) ? 1 : 0) + (StackHeader ? 1 : 0)
               + (HasInterp(synthetic, placed) ? 2 : 0) + (Placed(synthetic.Dynamic, placed) ? 1 : 0) + (RelroFirst() is not null ? 1 : 0);
        return HeadersApart(count + 1) is not null ? count + 1 : count;
    }

    /// <summary>GNU ld's rule under -z separate-code: when the first segment would hold the ELF and program headers
    /// (<paramref name="phdrCount"/> of them) and starts with code, the headers get a read-only PT_LOAD of their own,
    /// loaded a page below the code's load address (so that the two load images do not share a page). Returns that
    /// load address, or null when the headers stay with the first section (not code, no room in its page, or no page
    /// below it).</summary>
    private ulong? HeadersApart(int phdrCount)
    {
        var first = ByLoadAddress().FirstOrDefault();
        if (!_separateCode || first is null || (first.Flags & SHF_EXECINSTR) == 0) return null;
        ulong phdrSize = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
        if (Lma(first) % _page < phdrSize) return null;
        ulong lma = (Lma(first) - phdrSize) & ~(_page - 1);
        return lma >= _page ? lma - _page : null;
    }

    /// <summary>GNU ld makes PT_PHDR and PT_INTERP when the output has a non-empty .interp.</summary>
    private static bool HasInterp(SyntheticSections synthetic, List<OutputSection> placed) =>
        synthetic.Interp is { Size: > 0 } interp && placed.Contains(interp);

    /// <summary>The first non-empty section that starts in the relro range (PT_GNU_RELRO's start); null: no relro header.</summary>
    private OutputSection? RelroFirst() =>
        Relro is { } r ? _alloc.FirstOrDefault(s => s.Address >= r.Start && s.Address < r.End && s.Size > 0 && Occupies(s)) : null;

    private static bool Placed(OutputSection? s, List<OutputSection> placed) => s is not null && placed.Contains(s);

    private List<List<OutputSection>> NoteRuns()
    {
        var runs = new List<List<OutputSection>>();
        OutputSection? prev = null;
        foreach (var s in _alloc)
        {
            if (s.Type != SHT_NOTE) { prev = null; continue; }
            if (prev is null || prev.Align != s.Align) runs.Add([]);
            runs[^1].Add(s);
            prev = s;
        }
        return runs;
    }

    /// <summary>Assigns file offsets and makes the program headers: <paramref name="loads"/> are the PT_LOAD section
    /// lists, <paramref name="others"/> appends the rest (given the loads made). From PHDRS, <paramref name="headersInLoad"/>
    /// says which PT_LOADs hold the headers and <paramref name="fileHeaderIn"/> which of those hold the ELF header too
    /// (FILEHDR); one that says PHDRS alone starts at the program headers, as in GNU ld.</summary>
    public void Build(List<List<OutputSection>> loads, int phdrCount, Func<List<Elf64ProgramHeader>, List<Elf64ProgramHeader>> others,
        bool[]? headersInLoad = null, bool[]? fileHeaderIn = null)
    {
        ulong phdrSize = (ulong)(Elf64HeaderSize + phdrCount * ProgramHeaderSize);
        ulong fileEnd = phdrSize;
        var phdrs = new List<Elf64ProgramHeader>();
        if (headersInLoad is null && HeadersApart(phdrCount) is { } headersLma)
        {
            // The headers' own PT_LOAD (GNU ld's separate-code rule); the code's segment then starts at its section.
            var code = loads[0].First(Occupies);
            phdrs.Add(new Elf64ProgramHeader
            {
                Type = PT_LOAD, Flags = PF_R, VirtualAddress = (code.Address - phdrSize) & ~(_page - 1), PhysicalAddress = headersLma,
                FileSize = phdrSize, MemorySize = phdrSize, Align = _page,
            });
            ImageBase = phdrs[0].VirtualAddress;
            HeadersLoaded = true;
            headersInLoad = new bool[loads.Count];
        }
        for (int li = 0; li < loads.Count; li++)
        {
            var list = loads[li];
            var first = list.FirstOrDefault(Occupies);
            if (first is null)
            {
                // PHDRS may list a PT_LOAD nothing goes in: GNU ld writes it empty.
                phdrs.Add(new Elf64ProgramHeader { Type = PT_LOAD, Flags = PF_R, Align = _page });
                continue;
            }
            ulong vma0 = first.Address;
            ulong segAlign = Math.Max(_page, list.Where(Occupies).Max(x => x.Align));
            // The ELF and program headers go in the first segment when its first section leaves room for them in
            // its page (GNU ld's test), or when PHDRS says FILEHDR/PHDRS.
            bool headers = headersInLoad is not null ? headersInLoad[li] : li == 0 && (Lma(first) % _page) >= phdrSize;
            ulong headersStart = headers && fileHeaderIn is not null && !fileHeaderIn[li] ? (ulong)Elf64HeaderSize : 0;
            HeadersLoaded |= headers && headersStart == 0;
            ulong off0 = headers ? vma0 % _page : fileEnd + ((vma0 - fileEnd) % _page);
            // A segment that holds the headers begins with them: when its first section's page has no room before it,
            // the segment reaches down into the pages below (GNU ld does), unless that would pass address zero.
            if (headers && off0 < phdrSize) off0 += AlignUp(phdrSize - off0, _page);
            if (headers && off0 - headersStart > Math.Min(vma0, Lma(first)))
                throw new LinkException(ErrorId.LayoutMismatch,
                    $"not enough room for program headers: the first section of a segment holding them ({first.Name} at 0x{vma0:x}) must leave 0x{phdrSize - headersStart:x} bytes below it");
            if (!headers && off0 < fileEnd) off0 += _page;
            ulong segOffset = headers ? headersStart : off0;
            ulong segVaddr = headers ? vma0 - (off0 - headersStart) : vma0;
            ulong segPaddr = headers ? Lma(first) - (off0 - headersStart) : Lma(first);
            ulong progEnd = segOffset, memEnd = segVaddr;
            foreach (var s in list)
            {
                s.FileOffset = off0 + (s.Address - vma0);
                if (!Occupies(s)) continue;
                if (!s.IsNoBits) progEnd = Math.Max(progEnd, s.FileOffset + s.Size);
                memEnd = Math.Max(memEnd, s.Address + s.Size);
            }
            if (headers) progEnd = Math.Max(progEnd, phdrSize);
            uint flags = PF_R;
            if (list.Any(s => (s.Flags & SHF_WRITE) != 0)) flags |= PF_W;
            if (list.Any(s => (s.Flags & SHF_EXECINSTR) != 0)) flags |= PF_X;
            phdrs.Add(new Elf64ProgramHeader
            {
                Type = PT_LOAD, Flags = flags, Offset = segOffset, VirtualAddress = segVaddr, PhysicalAddress = segPaddr,
                FileSize = progEnd - segOffset, MemorySize = Math.Max(memEnd, segVaddr + (progEnd - segOffset)) - segVaddr, Align = segAlign,
            });
            fileEnd = Math.Max(fileEnd, progEnd);
            if (phdrs.Count == 1) ImageBase = segVaddr - segOffset;
        }
        // Sections in no PT_LOAD (.tbss, or sections PHDRS leaves out): a file offset where their address would be.
        foreach (var s in _alloc)
            if (!loads.Any(l => l.Contains(s)))
                s.FileOffset = fileEnd;
        Tls.AddRange(_alloc.Where(s => s.IsTls));
        var all = others(phdrs);
        if (all.Count != phdrCount)
            throw new LinkException(ErrorId.LayoutMismatch, $"internal error: planned {phdrCount} program headers but made {all.Count}");
        ProgramHeaders = [.. all];
        FileEnd = fileEnd;
    }

    /// <summary>The non-PT_LOAD headers of the automatic layout, in AddressAssigner's order.</summary>
    public List<Elf64ProgramHeader> AutomaticOthers(List<Elf64ProgramHeader> loads, SyntheticSections synthetic, SectionMap map, LinkOptions options,
        List<OutputSection> placed)
    {
        var phdrs = new List<Elf64ProgramHeader>();
        // PT_PHDR and PT_INTERP precede every PT_LOAD; PT_DYNAMIC follows them (GNU ld's order, the default layout's).
        if (HasInterp(synthetic, placed))
        {
            ulong size = (ulong)(AutomaticCount(synthetic, placed) * ProgramHeaderSize);
            var first = loads.FirstOrDefault(l => l.Offset == 0 && l.FileSize > 0);
            if (first.Type != PT_LOAD)
                throw new LinkException(ErrorId.LayoutMismatch,
                    "the program headers are in no PT_LOAD (a PT_INTERP needs them loaded): start the first section SIZEOF_HEADERS into its page");
            phdrs.Add(new Elf64ProgramHeader
            {
                Type = PT_PHDR, Flags = PF_R, Offset = Elf64HeaderSize, VirtualAddress = first.VirtualAddress + Elf64HeaderSize,
                PhysicalAddress = first.PhysicalAddress + Elf64HeaderSize, FileSize = size, MemorySize = size, Align = 8,
            });
            phdrs.Add(AtLoadAddress(Segment(PT_INTERP, PF_R, [synthetic.Interp!], 1), [synthetic.Interp!]));
        }
        phdrs.AddRange(loads);
        if (synthetic.Dynamic is { } dyn && placed.Contains(dyn)) phdrs.Add(AtLoadAddress(Segment(PT_DYNAMIC, PF_R | PF_W, [dyn], 8), [dyn]));
        foreach (var run in NoteRuns()) phdrs.Add(AtLoadAddress(Segment(PT_NOTE, PF_R, run, run[0].Align), run));
        if (Tls.Count > 0) phdrs.Add(AtLoadAddress(Segment(PT_TLS, PF_R, Tls, Tls.Max(t => t.Align)), Tls));
        if (synthetic.PropertyNote is { } prop && placed.Contains(prop)) phdrs.Add(Segment(PT_GNU_PROPERTY, PF_R, [prop], 8));
        if (synthetic.EhFrameHdr is { } hdr && placed.Contains(hdr)) phdrs.Add(Segment(PT_GNU_EH_FRAME, PF_R, [hdr], 4));
        if (StackHeader) phdrs.Add(AddressAssigner.StackHeader(map, options));
        if (RelroFirst() is { } relro)
        {
            // From the first relro section to the page-aligned end (ld.so rounds the end down before mprotect), its
            // file size cut back to the file data of the PT_LOAD holding it, as GNU ld writes it.
            var load = loads.First(l => l.VirtualAddress <= relro.Address && relro.Address < l.VirtualAddress + l.MemorySize);
            ulong size = Relro!.Value.End - relro.Address;
            phdrs.Add(new Elf64ProgramHeader
            {
                Type = PT_GNU_RELRO, Flags = PF_R, Offset = relro.FileOffset, VirtualAddress = relro.Address, PhysicalAddress = _lma[relro],
                FileSize = Math.Min(size, load.VirtualAddress + load.FileSize - relro.Address), MemorySize = size, Align = 1,
            });
        }
        return phdrs;
    }

    /// <summary>p_paddr is the first section's load address (AT/AT> moves it away from p_vaddr).</summary>
    public Elf64ProgramHeader AtLoadAddress(Elf64ProgramHeader h, IReadOnlyList<OutputSection> list)
    {
        if (list.Count > 0) h.PhysicalAddress = Lma(list[0]);
        return h;
    }

    /// <summary>PHDRS: each section goes in the headers its `:name` lists, or the previous section's when it lists none.</summary>
    public static Dictionary<OutputSection, IReadOnlyList<string>> PhdrAssignment(ScriptPlan script, List<OutputSection> alloc)
    {
        var named = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var st in script.Statements)
            if (st is OutputSectionCommand c && c.Phdrs.Count > 0) named[c.Name] = c.Phdrs;
        var result = new Dictionary<OutputSection, IReadOnlyList<string>>();
        IReadOnlyList<string> current = [];
        foreach (var s in alloc)
        {
            if (named.TryGetValue(s.Name, out var list)) current = list;
            result[s] = current;
        }
        return result;
    }

    internal static Elf64ProgramHeader Segment(uint type, uint flags, IReadOnlyList<OutputSection> list, ulong align)
    {
        if (list.Count == 0) return new Elf64ProgramHeader { Type = type, Flags = flags, Align = align };
        var first = list[0];
        ulong memEnd = list.Max(s => s.Address + s.Size);
        ulong fileEnd = list.Where(s => !s.IsNoBits).Select(s => s.FileOffset + s.Size).DefaultIfEmpty(first.FileOffset).Max();
        return new Elf64ProgramHeader
        {
            Type = type, Flags = flags, Offset = first.FileOffset, VirtualAddress = first.Address, PhysicalAddress = first.Address,
            FileSize = fileEnd - first.FileOffset, MemorySize = memEnd - first.Address, Align = align,
        };
    }

    private static ulong AlignUp(ulong v, ulong a) => a <= 1 ? v : (v + a - 1) & ~(a - 1);
}
