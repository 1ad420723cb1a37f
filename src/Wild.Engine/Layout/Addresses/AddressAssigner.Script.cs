// AddressAssigner under a -T script with SECTIONS: ScriptAddressAssigner walks the script and places the allocated
// sections, ScriptSegments makes the program headers (from PHDRS or GNU ld's automatic rules); the rest of the
// phase (non-allocated sections, .symtab) is the ordinary one. PT_GNU_RELRO comes, as in GNU ld, only from
// DATA_SEGMENT_ALIGN / DATA_SEGMENT_RELRO_END (the walk moves the data segment so that relro ends on a page).
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Scripts;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal sealed partial class AddressAssigner
{
    private Dictionary<string, ScriptValue> _scriptSymbols = [];
    private OutputSection?[] _scriptSection = [];
    private bool[] _scriptAbsolute = [];
    private ScriptBytes[] _scriptBytes = [];

    private void AssignScriptAddresses(ScriptPlan script, List<OutputSection> candidates)
    {
        if (script.OutputMachine is (not 0, { } named) && script.OutputMachine.Machine != _arch.Machine)
            throw named.Position.Error($"{named.Name}({string.Join(", ", named.Arguments)}) cannot represent this link's {_arch.Name} inputs");
        ulong page = MaxPage;
        bool separateCode = SeparateCode;
        // Linker-made sections the script throws away, and a .got.plt nothing uses (IsUnusedGotPlt).
        // GNU ld drops an output section that ends up empty (only empty inputs), unless the script assigns in its body.
        var assignsIn = script.Statements.OfType<OutputSectionCommand>().Where(c => c.Body.Any(b => b is AssignmentCommand or DataCommand)).Select(c => c.Name)
            .ToHashSet(StringComparer.Ordinal);
        candidates.RemoveAll(s => s.IsAlloc && s.Size == 0 && s.Synthetic == SyntheticContent.None && !assignsIn.Contains(s.Name));
        candidates.RemoveAll(s => s.Synthetic is SyntheticContent.Comment or SyntheticContent.PropertyNote && script.DiscardsAll(s.Name)
                                  || IsUnusedGotPlt(s));
        CheckLinkerMadeSections(script, candidates);
        var walk = ScriptAddressAssigner.Walk(script, _res, _map, _outputs, candidates, MaxPage,
            (order, lma, relro) => new ScriptSegments(order, lma, page, separateCode) { Relro = relro, StackHeader = _map.StackHeader }.AutomaticCount(_synthetic, order));
        RefuseTopOfAddressSpace(walk.Alloc);
        _outputs.MoveInputs(walk.BodyOffsets, _map);
        _scriptBytes = walk.Bytes;
        _sections = [.. walk.Alloc, .. walk.NonAlloc];
        for (int i = 0; i < _sections.Length; i++) _sections[i].HeaderIndex = i + 1;
        LinkDynamicSections();
        var segments = new ScriptSegments(walk.Alloc, walk.LoadAddress, page, separateCode) { Relro = walk.Relro, StackHeader = _map.StackHeader };
        if (script.Phdrs is null)
        {
            var loads = segments.AutomaticLoads();
            segments.Build(loads, segments.AutomaticCount(_synthetic, walk.Alloc), l => segments.AutomaticOthers(l, _synthetic, _map, _options, walk.Alloc));
        }
        else BuildFromPhdrs(script.Phdrs, walk, segments);
        _programHeaders = segments.ProgramHeaders;
        _fileSize = segments.FileEnd;
        _imageBase = segments.ImageBase;
        _headersUnmapped = !segments.HeadersLoaded;
        if (segments.Tls.Count > 0)
        {
            var tls = segments.Tls;
            ulong tlsAlign = tls.Max(t => t.Align);
            tls[0].Align = tlsAlign;
            var seg = ScriptSegments.Segment(PT_TLS, PF_R, tls, tlsAlign);
            _hasTls = true;
            _tlsStart = seg.VirtualAddress;
            _tlsAlign = tlsAlign;
            _tlsEnd = TlsBlockEnd(seg, tlsAlign);
        }
        SetScriptSymbols(walk.Symbols, walk.SymbolSections);
    }

    /// <summary>A linker-made section (.dynsym, .got.plt, .plt...) goes to the output section description of its own
    /// name, or is an orphan. /DISCARD/ drops one that is empty, as GNU ld does (its testsuite's pr18176 discards
    /// `*(.*)` after naming the rest); a non-empty one GNU ld drops too, leaving the output without its dynamic
    /// relocations or GOT, so that is refused, as is a rule that would send one into another output section
    /// (`.got : { *(.got) *(.got.plt) }`), by name rather than ignored.</summary>
    private void CheckLinkerMadeSections(ScriptPlan script, List<OutputSection> candidates)
    {
        var discarded = new List<OutputSection>();
        foreach (var os in candidates)
        {
            if (!os.IsAlloc || os.Synthetic is SyntheticContent.None or SyntheticContent.EhFrame or SyntheticContent.Comment or SyntheticContent.PropertyNote)
                continue;
            if (script.Match([], null, System.Text.Encoding.UTF8.GetBytes(os.Name), _map.ScriptConstraints) is not { } rule || rule.Output == os.Name)
                continue;
            if (rule.Output is null && os.Size == 0) discarded.Add(os);
            else
                throw rule.Command.Position.Unsupported(rule.Output is null
                    ? $"discarding the linker-made section {os.Name} ({os.Size} bytes; GNU ld would drop them and leave the output without them)"
                    : $"putting the linker-made section {os.Name} in output section {rule.Output}");
        }
        candidates.RemoveAll(discarded.Contains);
    }

    /// <summary>INSERT AFTER|BEFORE: the script's output sections, in its order, right after (before) the named one
    /// in the default order, taking its rank so they share its segment (and its relro-ness).</summary>
    private List<OutputSection> ApplyInsert(ScriptPlan script, List<OutputSection> ordered)
    {
        var insert = script.Insert!;
        var anchor = ordered.FirstOrDefault(s => s.Name == insert.Section)
            ?? throw insert.Position.Error($"INSERT {(insert.After ? "AFTER" : "BEFORE")} {insert.Section}: no such output section in this link");
        var moved = new List<OutputSection>();
        foreach (var st in script.Statements)
            if (st is OutputSectionCommand { IsDiscard: false } c && ordered.FirstOrDefault(s => s.Name == c.Name) is { } os && os != anchor)
                moved.Add(os);
        var result = ordered.Where(s => !moved.Contains(s)).ToList();
        foreach (var os in moved)
        {
            if (os.IsAlloc != anchor.IsAlloc || os.IsTls != anchor.IsTls || ((os.Flags ^ anchor.Flags) & SHF_EXECINSTR) != 0
                || (os.IsNoBits && !anchor.IsNoBits))
                throw insert.Position.Unsupported($"INSERT of {os.Name} next to {anchor.Name}, a section of another kind (code, data, zero-fill or TLS)");
            os.Rank = anchor.Rank;
        }
        // After: past the orphans of the anchor's kind that follow it; GNU ld has already placed those after it when
        // INSERT takes effect (__libc_atexit after .data in a static glibc program). Not past a section of its default
        // script (.fini after .text, .eh_frame_hdr after .rodata, .data after .got.plt): the script's statements come
        // right after the anchor's, before those.
        int at = result.IndexOf(anchor);
        if (insert.After)
        {
            for (at++; at < result.Count && SameKind(result[at], anchor) && IsOrphanRank(result[at].Rank); at++) { }
            // Not past empty ones at the end of the run: GNU ld drops empty sections, so it inserts before them.
            while (at > result.IndexOf(anchor) + 1 && result[at - 1].Size == 0) at--;
        }
        result.InsertRange(at, moved);
        _inserted = moved;
        return result;
    }

    private static bool IsOrphanRank(int rank) => rank is RankExecOrphan or RankReadOnlyOrphan or RankDataOrphan or RankBssOrphan;

    private static bool SameKind(OutputSection a, OutputSection b) =>
        a.IsAlloc && b.IsAlloc && a.IsNoBits == b.IsNoBits && ((a.Flags ^ b.Flags) & (SHF_WRITE | SHF_EXECINSTR | SHF_TLS)) == 0;

    /// <summary>Script symbols' values; for each linker-defined symbol whether a script symbol is a number, and the
    /// section whose body assigns it (null: outside any, or not a script symbol).</summary>
    private void SetScriptSymbols(Dictionary<string, ScriptValue> values, Dictionary<string, OutputSection?> sections)
    {
        _scriptSymbols = values;
        _scriptSection = new OutputSection?[_res.Synthetic.Length];
        _scriptAbsolute = new bool[_res.Synthetic.Length];
        for (int i = 0; i < _scriptSection.Length; i++)
        {
            string name = _res.Synthetic[i].Name;
            if (!values.TryGetValue(name, out var v)) continue;
            _scriptAbsolute[i] = v.Absolute;
            if (!v.Absolute && sections.TryGetValue(name, out var os)) _scriptSection[i] = os;
        }
    }

    private ulong ScriptSymbolValue(string name, int index)
    {
        if (_scriptSymbols.TryGetValue(name, out var v)) return v.Value;
        var at = _options.LinkerScript!.Assignments.First(a => a.Target == name).Position;
        throw new LinkException(ErrorId.UndefinedSymbol,
            $"{at}: symbol '{name}' is assigned only where the script is not evaluated (in /DISCARD/ or a section that is not placed)", at.File);
    }

    /// <summary>PHDRS: the headers in the script's order, each PT_LOAD holding the sections assigned to it.</summary>
    private void BuildFromPhdrs(PhdrsCommand phdrs, ScriptAddressAssigner.Result walk, ScriptSegments segments)
    {
        var assignment = ScriptSegments.PhdrAssignment(_options.LinkerScript!, walk.Alloc);
        var loadSpecs = phdrs.Headers.Where(h => h.Type == PT_LOAD).ToList();
        var loads = loadSpecs.Select(h => walk.Alloc.Where(s => assignment[s].Contains(h.Name)).ToList()).ToList();
        var headersIn = loadSpecs.Select(h => h.FileHeader || h.ProgramHeaders).ToArray();
        var fileHeaderIn = loadSpecs.Select(h => h.FileHeader).ToArray();
        foreach (var s in walk.Alloc)
            if (assignment[s].Count == 0 && s.Size > 0)
                throw new LinkException(ErrorId.LayoutMismatch,
                    $"{phdrs.Position}: section {s.Name} is in no program header (give it a :phdr in the script)", phdrs.Position.File);
        segments.Build(loads, phdrs.Headers.Count, loadHeaders =>
        {
            var result = new List<Elf64ProgramHeader>();
            int nextLoad = 0;
            foreach (var spec in phdrs.Headers)
            {
                var list = walk.Alloc.Where(s => assignment[s].Contains(spec.Name)).ToList();
                Elf64ProgramHeader h;
                if (spec.Type == PT_LOAD) h = loadHeaders[nextLoad++];
                else if (spec.Type == PT_PHDR)
                {
                    ulong size = (ulong)(phdrs.Headers.Count * ProgramHeaderSize);
                    // The program headers' address in the PT_LOAD that maps them (from the ELF header or from themselves).
                    ulong baseAddr = loadHeaders.Count > 0 && loadHeaders[0].Offset <= Elf64HeaderSize ? loadHeaders[0].VirtualAddress - loadHeaders[0].Offset : 0;
                    h = new Elf64ProgramHeader
                    {
                        Type = PT_PHDR, Flags = PF_R, Offset = Elf64HeaderSize, VirtualAddress = baseAddr + Elf64HeaderSize,
                        PhysicalAddress = baseAddr + Elf64HeaderSize, FileSize = size, MemorySize = size, Align = 8,
                    };
                }
                else if (spec.Type == PT_GNU_STACK)
                    // GNU ld fills a PHDRS PT_GNU_STACK like any header without sections: its FLAGS (else none), no
                    // size (-z execstack and -z stack-size only shape the automatic one), 8-byte alignment.
                    h = new Elf64ProgramHeader { Type = PT_GNU_STACK, Align = 8 };
                else
                {
                    uint flags = PF_R | (list.Any(s => (s.Flags & SHF_WRITE) != 0) ? PF_W : 0) | (list.Any(s => (s.Flags & SHF_EXECINSTR) != 0) ? PF_X : 0);
                    h = segments.AtLoadAddress(ScriptSegments.Segment(spec.Type, flags, list, list.Select(s => s.Align).DefaultIfEmpty(1UL).Max()), list);
                }
                if (spec.Flags is not null) h.Flags = (uint)ScriptEvaluator.Evaluate(spec.Flags, ConstantEnvironment.Instance);
                if (spec.At is not null) h.PhysicalAddress = ScriptEvaluator.Evaluate(spec.At, ConstantEnvironment.Instance);
                result.Add(h);
            }
            return result;
        }, headersIn, fileHeaderIn);
    }

    /// <summary>PHDRS' AT and FLAGS: constant expressions (GNU ld evaluates them before the layout too).</summary>
    private sealed class ConstantEnvironment : IScriptEnvironment
    {
        public static readonly ConstantEnvironment Instance = new();
        public ulong Dot(ScriptPosition at) => throw at.Error("the location counter has no value in PHDRS");
        public bool TrySection(string name, out ulong address, out ulong loadAddress, out ulong size, out ulong align) { address = loadAddress = size = align = 0; return false; }
        public ScriptValue Symbol(string name, ScriptPosition at) => throw at.Unsupported($"a symbol ({name}) in a PHDRS expression");
        public bool IsDefined(string name) => false;
        public MemoryRegion? Region(string name) => null;
        public ulong SizeOfHeaders => 0;
        public ulong MaxPageSize => 0x1000;
        public ulong CommonPageSize => 0x1000;
        public ulong? SegmentStart(string segment) => null;
    }
}
