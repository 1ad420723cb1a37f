// Phase "Addresses" under a -T script with SECTIONS: walks the script's statements in order with the location
// counter, placing each output section it names at its address (`. = `, an explicit address, ALIGN, a MEMORY
// region) and load address (AT, AT>, or the previous section's VMA-LMA difference in its region, GNU ld's rule),
// valuing symbol assignments where they stand, then places orphans (sections no rule names) after the last
// section of their kind, as GNU ld does. Program headers come from PHDRS or, as GNU ld makes them, from the
// sections (ScriptSegments). The ordinary phase (AddressAssigner) places non-allocated sections and .symtab after.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Scripts;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed partial class ScriptAddressAssigner : IScriptEnvironment
{
    private readonly ScriptPlan _script;
    private readonly SymbolResolution _res;
    private readonly OutputSections _outputs;
    private readonly SectionMap _map;
    private readonly LinkOptions _options;
    private readonly Dictionary<string, OutputSection> _byName = new(StringComparer.Ordinal);
    // Orphans by the name of the script section they follow ("" for the end of the script).
    private readonly Dictionary<string, List<OutputSection>> _orphansAfter = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OutputSection>> _orphansBefore = new(StringComparer.Ordinal);

    // The walk's state; reset by each pass (a pass again when the program header count changes SIZEOF_HEADERS).
    private ulong _dot;
    private bool _inSection;
    private ulong _sizeOfHeaders;
    private readonly Dictionary<OutputSection, (ulong Vma, ulong Lma, ulong Size, ulong Align)> _placed = [];
    private readonly List<OutputSection> _order = [];
    private readonly Dictionary<string, ScriptValue> _symbols = new(StringComparer.Ordinal);
    // The section whose body assigns a symbol (null outside output sections).
    private readonly Dictionary<string, OutputSection?> _symbolSection = new(StringComparer.Ordinal);
    private OutputSection? _current;
    // The overlay being placed: its members' run address, where the next member loads, its largest member.
    private ulong _overlayStart, _overlayLoadEnd, _overlayMax;
    private readonly Dictionary<string, ulong> _regionCursor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong> _lmaDelta = new(StringComparer.Ordinal);
    private readonly HashSet<OutputSection> _noLoad = [];
    // Under INSERT: sections are where the default layout put them, except the inserted ones, which the walk lays out
    // (ScriptAddressAssigner.Insert); the default layout then takes their addresses and sizes.
    private bool _fixed;
    private HashSet<OutputSection> _inserted = [];
    // The previous pass's results, for what an expression names before this pass reaches it.
    private int _pass;
    private Dictionary<OutputSection, (ulong Vma, ulong Lma, ulong Size, ulong Align)> _previousPlaced = [];
    private Dictionary<string, ScriptValue> _previousSymbols = [];

    private ScriptAddressAssigner(ScriptPlan script, SymbolResolution res, SectionMap map, OutputSections outputs, IEnumerable<OutputSection> candidates,
        ulong maxPageSize)
    {
        MaxPageSize = maxPageSize;
        _script = script;
        _res = res;
        _map = map;
        _outputs = outputs;
        _options = res.Options;
        foreach (var os in candidates) _byName[os.Name] = os;
    }

    /// <summary>The walk's result: allocated sections in placement order with addresses set, the PT_LOAD plan, the
    /// script symbols' values.</summary>
    internal sealed record Result(List<OutputSection> Alloc, List<OutputSection> NonAlloc, Dictionary<OutputSection, ulong> LoadAddress,
        Dictionary<string, ScriptValue> Symbols, Dictionary<string, OutputSection?> SymbolSections, HashSet<OutputSection> NoLoad,
        Dictionary<int, ulong> BodyOffsets, ScriptBytes[] Bytes)
    {
        /// <summary>PT_GNU_RELRO's range (start, page-aligned end) from DATA_SEGMENT_ALIGN/RELRO_END with -z relro; null without.</summary>
        public (ulong Start, ulong End)? Relro { get; init; }
    }

    /// <param name="maxPageSize">CONSTANT(MAXPAGESIZE): -z max-page-size, else the architecture's (64 KiB on AArch64).</param>
    public static Result Walk(ScriptPlan script, SymbolResolution res, SectionMap map, OutputSections outputs, List<OutputSection> candidates,
        ulong maxPageSize, Func<List<OutputSection>, Dictionary<OutputSection, ulong>, (ulong Start, ulong End)?, int> programHeaderCount)
    {
        var w = new ScriptAddressAssigner(script, res, map, outputs, candidates, maxPageSize);
        w.FindOrphans(candidates);
        // SIZEOF_HEADERS depends on the number of program headers, which depends on the layout; and an expression may
        // name a section or symbol the script places later (`_sidata = LOADADDR(.data);` before .data), which GNU ld
        // allows. So walk again, with the previous pass's values for what is not reached yet, until nothing changes.
        int count = script.Phdrs?.Headers.Count ?? 4;
        const int MaxPasses = 6;
        void Settle()
        {
            for (int pass = 0; ; pass++)
            {
                w._pass = pass;
                w._sizeOfHeaders = (ulong)(Elf64HeaderSize + count * ProgramHeaderSize);
                var before = w._placed.ToDictionary(p => p.Key, p => p.Value);
                var symbolsBefore = w._symbols.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
                w._previousPlaced = before;
                w._previousSymbols = symbolsBefore;
                w.Pass();
                var lma = w._placed.ToDictionary(p => p.Key, p => p.Value.Lma);
                int needed = script.Phdrs?.Headers.Count ?? w.CountAsPlaced(() => programHeaderCount(w._order, lma, w.PlannedRelro()));
                bool stable = needed == count && pass > 0
                              && w._placed.Count == before.Count && w._placed.All(p => before.TryGetValue(p.Key, out var b) && b == p.Value)
                              && w._symbols.Count == symbolsBefore.Count && w._symbols.All(p => symbolsBefore.TryGetValue(p.Key, out var b) && b == p.Value);
                if (stable) break;
                if (pass == MaxPasses - 1)
                    throw script.LayoutPosition.Error(
                        $"the layout does not settle after {MaxPasses} passes (addresses depend on each other in a cycle)");
                count = needed;
            }
        }
        Settle();
        // GNU ld's DATA_SEGMENT_* phases: once the layout is known, move the data segment so that relro ends on a
        // page (or, without relro, so that it saves a page), and lay out again from there.
        if (w.AdjustDataSegment()) Settle();
        if (w.RevertRelroAdjustment()) Settle();
        foreach (var (os, p) in w._placed)
        {
            os.Address = p.Vma;
            os.Size = p.Size;
            os.Align = p.Align;
            if (w._noLoad.Contains(os)) os.Type = SHT_NOBITS;
        }
        var nonAlloc = new List<OutputSection>();
        // Non-allocated sections: those the script names, in its order, then the rest in the default order.
        foreach (var st in script.Statements)
            if (st is OutputSectionCommand c && w.Active(c) && w._byName.TryGetValue(c.Name, out var os) && !os.IsAlloc) nonAlloc.Add(os);
        foreach (var os in candidates)
            if (!os.IsAlloc && !nonAlloc.Contains(os)) nonAlloc.Add(os);
        return new Result(w._order, nonAlloc, w._placed.ToDictionary(p => p.Key, p => p.Value.Lma), w._symbols, w._symbolSection, w._noLoad,
            w._bodyOffsets, [.. w._bytes])
        {
            Relro = w.FinalRelro(),
        };
    }

    /// <summary>Counts program headers over this pass's addresses, sizes and alignments (the segment rules read them
    /// from the sections), then gives the sections back what the walk started from.</summary>
    private int CountAsPlaced(Func<int> count)
    {
        var saved = _placed.Keys.Select(os => (os, os.Address, os.Size, os.Align)).ToList();
        foreach (var (os, p) in _placed) (os.Address, os.Size, os.Align) = (p.Vma, p.Size, p.Align);
        try { return count(); }
        finally { foreach (var (os, address, size, align) in saved) (os.Address, os.Size, os.Align) = (address, size, align); }
    }

    /// <summary>Orphans: allocated sections no output section description names. Each follows the last named section
    /// of its kind (code, read-only data, data, zero-fill), or of the nearest kind before it; GNU ld's placement by flags.</summary>
    private void FindOrphans(List<OutputSection> candidates)
    {
        // An orphan may follow an overlay only past its last member (the members share their run addresses).
        var named = new List<(string Name, int Kind)>();
        var namedSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var st in _script.Statements)
            if (st is OutputSectionCommand { IsDiscard: false } c && Active(c) && _byName.TryGetValue(c.Name, out var os) && os.IsAlloc)
            {
                namedSet.Add(c.Name);
                if (c.Overlay is null or { IsLast: true }) named.Add((c.Name, KindOf(os)));
            }
        var orphanNotes = new List<(OutputSection Note, List<OutputSection> List)>();
        foreach (var os in candidates)
        {
            if (!os.IsAlloc || namedSet.Contains(os.Name)) continue;
            if (os.Type == SHT_NOTE && PlaceOrphanNote(os, named, orphanNotes)) continue;
            int kind = KindOf(os);
            // GNU ld puts an orphan after the output section named for its kind (.text, .rodata, .tdata, .data, .bss)
            // when the script has one; otherwise after the last section of its kind (or the nearest kind before).
            // GNU ld makes the statement of a section --section-start names (and the script does not) after the
            // script's own, so that its address does not move the sections that follow it in the script.
            if (SectionStart(os.Name) is not null)
            {
                if (!_orphansAfter.TryGetValue("", out var atEnd)) _orphansAfter[""] = atEnd = [];
                atEnd.Add(os);
                continue;
            }
            string anchor = HoldName(os) is { } hold && namedSet.Contains(hold) ? hold : "";
            for (int k = kind; k >= 0 && anchor.Length == 0; k--)
                for (int i = named.Count - 1; i >= 0; i--)
                    if (named[i].Kind == k) { anchor = named[i].Name; break; }
            if (anchor.Length == 0 && named.Count > 0) anchor = named[0].Name;
            if (!_orphansAfter.TryGetValue(anchor, out var list)) _orphansAfter[anchor] = list = [];
            list.Add(os);
        }
        // GNU ld places orphans in the order it meets them in the inputs, each after the last one of its kind: so
        // after one section, kinds stay in the default order and, within a kind, sections come in input order
        // (.mytab before .rodata when an object has them so). A script without SECTIONS makes every section one.
        foreach (var all in _orphansAfter.Values)
        {
            // Notes keep GNU ld's order by alignment (PlaceOrphanNote).
            if (all.Any(o => o.Type == SHT_NOTE)) continue;
            var classOrder = new List<(int, bool, bool, bool)>();
            foreach (var os in all)
                if (!classOrder.Contains(OrphanClass(os))) classOrder.Add(OrphanClass(os));
            var sorted = all.Select((os, i) => (os, i)).OrderBy(x => classOrder.IndexOf(OrphanClass(x.os))).ThenBy(x => x.os.FirstSeen).ThenBy(x => x.i)
                .Select(x => x.os).ToList();
            all.Clear();
            all.AddRange(sorted);
        }
    }

    private static (int Kind, bool Tls, bool NoBits, bool Note) OrphanClass(OutputSection os) =>
        (KindOf(os), os.IsTls, os.IsNoBits, os.Type == SHT_NOTE);

    /// <summary>GNU ld's place for an orphan note, by alignment: after the last note of its alignment (named, or an
    /// orphan placed before it); else before the first named note of smaller alignment; else after .interp; with no
    /// note and no .interp, first, ahead of the first output section. False: no section to place it by.</summary>
    private bool PlaceOrphanNote(OutputSection os, List<(string Name, int Kind)> named, List<(OutputSection Note, List<OutputSection> List)> orphanNotes)
    {
        if (named.Count == 0) return false;
        var notes = named.Where(n => _byName[n.Name].Type == SHT_NOTE).Select(n => _byName[n.Name]).ToList();
        List<OutputSection> Bucket(Dictionary<string, List<OutputSection>> where, string name) =>
            where.TryGetValue(name, out var list) ? list : where[name] = [];
        List<OutputSection> target;
        if (orphanNotes.LastOrDefault(o => o.Note.Align == os.Align) is { List: not null } sameOrphan) target = sameOrphan.List;
        else if (notes.LastOrDefault(n => n.Align == os.Align) is { } same) target = Bucket(_orphansAfter, same.Name);
        else if (notes.FirstOrDefault(n => n.Align < os.Align) is { } smaller) target = Bucket(_orphansBefore, smaller.Name);
        else if (named.Any(n => n.Name == ".interp")) target = Bucket(_orphansAfter, ".interp");
        else if (notes.Count > 0) target = Bucket(_orphansAfter, notes[^1].Name);
        else target = Bucket(_orphansBefore, named[0].Name);
        target.Add(os);
        orphanNotes.Add((os, target));
        return true;
    }

    /// <summary>The section GNU ld places an orphan of this kind after, when the script names it (ldelf_place_orphan's
    /// "hold" list: zero-fill, TLS, writable data, read-only data, code).</summary>
    private static string HoldName(OutputSection os) =>
        os.IsNoBits && !os.IsTls ? ".bss" : os.IsTls ? ".tdata" : (os.Flags & SHF_WRITE) != 0 ? ".data"
        : (os.Flags & SHF_EXECINSTR) != 0 ? ".text" : ".rodata";

    /// <summary>False for a description ONLY_IF_RO/ONLY_IF_RW dropped: as if the script did not have it.</summary>
    private bool Active(OutputSectionCommand c) => _map.ScriptConstraints?.IsInactive(c) != true;

    /// <summary>0 read-only data (notes too), 1 code, 2 writable data (TLS too), 3 zero-filled data.</summary>
    private static int KindOf(OutputSection os) =>
        (os.Flags & SHF_EXECINSTR) != 0 ? 1 : os.IsNoBits && !os.IsTls ? 3 : (os.Flags & SHF_WRITE) != 0 ? 2 : 0;

    private void Pass()
    {
        _dot = 0;
        _inSection = false;
        _placed.Clear();
        _order.Clear();
        _symbols.Clear();
        _symbolSection.Clear();
        _current = null;
        _regionCursor.Clear();
        _lmaDelta.Clear();
        _noLoad.Clear();
        _seg = default;
        _bodyOffsets.Clear();
        _bytes.Clear();
        foreach (var (name, region) in _script.Regions)
            _regionCursor[name] = ScriptEvaluator.Evaluate(region.Origin, this);
        foreach (var st in _script.Statements)
        {
            switch (st)
            {
                case AssignmentCommand a: Assign(a); break;
                case AssertCommand a: Assert(a); break;
                case OutputSectionCommand { IsDiscard: true }: break;
                case OutputSectionCommand c when !Active(c): break;
                case OutputSectionCommand c:
                    if (_orphansBefore.TryGetValue(c.Name, out var first))
                        foreach (var o in first) PlaceOrphan(o);
                    if (_byName.TryGetValue(c.Name, out var os) && os.IsAlloc) Place(os, c);
                    else if (os is null) EmptySection(c);
                    // GNU ld ends an overlay with `.` past its largest member.
                    if (c.Overlay is { IsLast: true }) _dot = _overlayStart + _overlayMax;
                    if (_orphansAfter.TryGetValue(c.Name, out var orphans))
                        foreach (var o in orphans) PlaceOrphan(o);
                    break;
            }
        }
        if (_orphansAfter.TryGetValue("", out var atEnd))
            foreach (var o in atEnd) PlaceOrphan(o);
    }

    private void Assign(AssignmentCommand a)
    {
        if (a.IsDot)
        {
            var v = ScriptEvaluator.Combine(a.Operator, new(_dot, false), ScriptEvaluator.Value(a.Value, this), a.Position);
            if (_inSection && v.Value < _dot) throw a.Position.Error($"cannot move location counter backwards (from 0x{_dot:x} to 0x{v.Value:x})");
            _dot = v.Value;
            return;
        }
        if (a.Kind is AssignmentKind.Provide or AssignmentKind.ProvideHidden && !ProvidedHere(a.Target)) return;
        var current = a.Operator == "=" ? default : Symbol(a.Target, a.Position);
        _symbols[a.Target] = ScriptEvaluator.Combine(a.Operator, current, ScriptEvaluator.Value(a.Value, this), a.Position);
        // Inside a body the symbol is that section's; outside, the symbol table gives it the section holding (or
        // ending at) its address, as GNU ld does (`__bss_start = .;` after .data is .data's, `__data_start` before it too).
        _symbolSection[a.Target] = _current;
    }

    /// <summary>PROVIDE takes effect only when resolution made the symbol the script's (referenced, not defined by an input).</summary>
    private bool ProvidedHere(string name)
    {
        var id = _res.Db.Lookup(name);
        if (id.IsNone) return false;
        var def = _res.Definition(id);
        return !def.IsNone && _res.IsSynthetic(def) && _res.SyntheticOf(def).Kind is SyntheticKind.Script or SyntheticKind.ScriptHidden;
    }

    private void Assert(AssertCommand a)
    {
        if (ScriptEvaluator.Evaluate(a.Condition, this) == 0)
            throw new LinkException(ErrorId.UnsupportedInput, $"{a.Position}: assertion failed: {a.Message}", a.Position.File);
    }

    private void Place(OutputSection os, OutputSectionCommand c)
    {
        // Where the default layout put it, and as it made it: a section of that layout that an INSERT script names.
        bool pinned = _fixed && !_inserted.Contains(os);
        ulong align = Math.Max(1, os.Align);
        if (c.Align is not null) align = Math.Max(align, ScriptEvaluator.Evaluate(c.Align, this));
        // SUBALIGN places every input at its alignment; the section is aligned to at least that (GNU ld raises it).
        ulong? subAlign = c.SubAlign is null ? null : PowerOfTwo(ScriptEvaluator.Evaluate(c.SubAlign, this), c.SubAlign.Position, "SUBALIGN");
        if (subAlign is { } sa) align = Math.Max(align, sa);
        ulong vma;
        // --section-start (and -Ttext/-Tdata/-Tbss) replaces the script's address for that section, as in GNU ld;
        // like an address in the script, the load address follows it unless AT says otherwise.
        ulong? start = pinned ? null : SectionStart(c.Name);
        bool explicitAddress = c.Address is not null || start is not null;
        // An overlay's members after the first run where the first one does (GNU ld gives them ADDR(first)).
        bool follower = c.Overlay is { IsFirst: false } && !_fixed;
        // A section with no address and no `> region` goes to the first MEMORY region its flags fit (GNU ld).
        string? region = c.Region ?? (explicitAddress || follower || _fixed ? null : DefaultRegion(os, c.Position));
        if (pinned) vma = os.Address;
        else if (start is { } st) vma = st;
        else if (follower) vma = _overlayStart;
        else if (c.Address is not null) vma = ScriptEvaluator.Evaluate(c.Address, this);
        else if (region is { } r) vma = AlignUp(_regionCursor[r], align);
        else vma = AlignUp(_dot, align);
        if (c.Type == "NOLOAD") _noLoad.Add(os);
        string regionKey = region ?? "";
        ulong lma;
        if (_fixed) lma = vma;
        else if (c.LoadAddress is not null) lma = ScriptEvaluator.Evaluate(c.LoadAddress, this);
        // GNU ld takes the region's position as it is: the load image is packed, only the run address is aligned.
        else if (c.LoadRegion is { } lr) lma = _regionCursor[lr];
        // Each later member loads where the previous one's load image ends (GNU ld's overlay_section rule).
        // GNU ld aligns a load address it derives (not one AT gives) to the section's alignment, for a section with
        // contents (a zero-fill one keeps the previous difference exactly: it has no load image).
        else if (follower) lma = AlignUp(_overlayLoadEnd, LoadAlign(os, c, align));
        else if (explicitAddress) lma = vma;
        else lma = AlignUp(unchecked(vma + (_lmaDelta.TryGetValue(regionKey, out ulong d) ? d : 0)), LoadAlign(os, c, align));

        // The body: the location counter runs over the input sections (in the order the output section builder
        // gave them, by rule), symbols take its value where they stand, `.` may pad the section's end.
        _inSection = true;
        _current = os;
        _dot = vma;
        ulong size = os.Size;
        _placed[os] = (vma, lma, size, align); // ADDR/SIZEOF of this section inside its own body
        var ruleOf = _map.ScriptRuleOf!;
        // After the last input section description comes what no rule orders: commons (*(COMMON) in .bss) and
        // orphans of the same name. There the location counter is at the end of everything the builder put in.
        var lastInput = c.Body.LastOrDefault(b => b is InputSectionCommand);
        // An inserted section at an address its inputs' alignment does not meet: they go a little way in (GNU ld), so
        // the walk lays its body out.
        bool bodyLayout = !pinned && (ScriptPlan.NeedsBodyLayout(c) || _fixed && vma % align != 0);
        if (bodyLayout) LayOutBody(os, c, vma, subAlign);
        else foreach (var item in c.Body)
        {
            switch (item)
            {
                case InputSectionCommand ic:
                {
                    int rule = _script.Rules.First(r => ReferenceEquals(r.Command, ic)).Index;
                    ulong end = _dot - vma;
                    foreach (var input in os.Inputs)
                    {
                        var flat = _map.Flat(input.File, input.Section);
                        if (ruleOf[flat] < 0 || ruleOf[flat] > rule) continue;
                        end = Math.Max(end, _outputs.OffsetOf(flat) + InputSize(input, flat));
                    }
                    _dot = vma + (ReferenceEquals(ic, lastInput) ? Math.Max(end, os.Size) : end);
                    break;
                }
                case AssignmentCommand a: Assign(a); break;
                case AssertCommand a: Assert(a); break;
            }
        }
        if (pinned && _dot - vma > size) throw c.Position.Unsupported($"growing output section {os.Name} in a script with INSERT");
        // A body the walk laid out is exactly as long as the walk went (SUBALIGN may pack it below the builder's size).
        size = bodyLayout ? _dot - vma : Math.Max(size, _dot - vma);
        _inSection = false;
        _current = null;
        _placed[os] = (vma, lma, size, align);
        _order.Add(os);
        CheckRegion(region, vma, size, os, c.Position);
        // .tbss takes TLS space only: the location counter does not move past it (GNU ld).
        _dot = os.IsTls && os.IsNoBits ? vma : vma + size;
        if (region is { } vr) _regionCursor[vr] = vma + size;
        if (c.LoadRegion is { } lr2 && !os.IsNoBits && !_noLoad.Contains(os))
        {
            _regionCursor[lr2] = lma + size;
            CheckRegion(lr2, lma, size, os, c.Position);
        }
        _lmaDelta[regionKey] = unchecked(lma - vma);
        if (c.Overlay is { } member) EndOverlayMember(member, vma, lma, size);
    }

    /// <summary>Tracks an overlay as its members are placed (or found empty): where they run, where the next one
    /// loads, the largest size (`.` after the overlay).</summary>
    private void EndOverlayMember(OverlayMember member, ulong vma, ulong lma, ulong size)
    {
        if (member.IsFirst)
        {
            _overlayStart = vma;
            _overlayMax = 0;
        }
        _overlayMax = Math.Max(_overlayMax, size);
        _overlayLoadEnd = lma + size;
    }

    private ulong InputSize(InputSectionRef input, SectionId flat)
    {
        if (_outputs.MergeOf(flat) is { } merged) return merged.Group.Size;
        if (_map.EhFrameBySection.TryGetValue(flat, out var eh)) return (ulong)eh.OutputSize;
        return _res.Objects[input.File].ContentSize(input.Section);
    }

    private void CheckRegion(string? region, ulong start, ulong size, OutputSection os, ScriptPosition at)
    {
        if (region is null) return;
        var r = _script.Regions[region];
        ulong origin = ScriptEvaluator.Evaluate(r.Origin, this), length = ScriptEvaluator.Evaluate(r.Length, this);
        if (start < origin || start + size > origin + length)
        {
            ulong over = start + size > origin + length ? start + size - (origin + length) : origin - start;
            throw new LinkException(ErrorId.LayoutMismatch,
                $"{at}: section {os.Name} will not fit in region '{region}': overflowed by {over} bytes", at.File);
        }
    }

    /// <summary>An output section that receives nothing is not made (GNU ld), but its symbols still take the location counter.</summary>
    private void EmptySection(OutputSectionCommand c)
    {
        // An empty overlay member still starts the overlay (the others run at its address) or takes no load space.
        if (c.Overlay is { } member)
        {
            ulong at = member.IsFirst ? c.Address is null ? _dot : ScriptEvaluator.Evaluate(c.Address, this) : _overlayStart;
            EndOverlayMember(member, at, member.IsFirst ? (c.LoadAddress is null ? at : ScriptEvaluator.Evaluate(c.LoadAddress, this)) : _overlayLoadEnd, 0);
        }
        foreach (var item in c.Body)
        {
            if (item is AssignmentCommand a && !a.IsDot) Assign(a);
            // GNU ld makes a zero-fill section of what `.` moves over in a body that receives nothing (`. += 16;`);
            // a `.` that stays put (an ALIGN already met) makes nothing here either.
            else if (item is AssignmentCommand { IsDot: true } d
                     && ScriptEvaluator.Combine(d.Operator, new(_dot, false), ScriptEvaluator.Value(d.Value, this), d.Position).Value != _dot)
                throw d.Position.Unsupported($"moving '.' in output section {c.Name}, which receives no input section or data");
        }
    }

    private void PlaceOrphan(OutputSection os)
    {
        ulong align = Math.Max(1, os.Align);
        ulong? start = SectionStart(os.Name);
        string? region = start is null ? DefaultRegion(os, _script.LayoutPosition) : null;
        ulong vma = AlignUp(region is null ? _dot : _regionCursor[region], align);
        ulong lma = AlignUp(unchecked(vma + (_lmaDelta.TryGetValue(region ?? "", out ulong d) ? d : 0)), os.IsNoBits ? 1 : align);
        if (start is { } st) vma = lma = st;
        if (region is not null)
        {
            CheckRegion(region, vma, os.Size, os, _script.LayoutPosition);
            _regionCursor[region] = vma + os.Size;
            _lmaDelta[region] = unchecked(lma - vma);
        }
        _placed[os] = (vma, lma, os.Size, align);
        _order.Add(os);
        _dot = os.IsTls && os.IsNoBits ? vma : vma + os.Size;
    }

    private static ulong LoadAlign(OutputSection os, OutputSectionCommand c, ulong align) => os.IsNoBits || c.Type == "NOLOAD" ? 1 : align;

    /// <summary>GNU ld's region for a section that names none and has no address, when the script has MEMORY: the
    /// first region (in definition order) whose attributes take the section's flags and whose `!` attributes do not;
    /// none fits: an error for a section with contents, as GNU ld's "no memory region specified" (zero-fill ones
    /// then follow the location counter).</summary>
    private string? DefaultRegion(OutputSection os, ScriptPosition at)
    {
        if (_script.Regions.Count == 0) return null;
        // bfd's flags: R read-only, W data (GNU ld counts every writable non-code section as data), X code, A
        // allocated, I/L loaded.
        uint flags = RegionAllocated | (os.IsNoBits ? 0 : RegionLoaded);
        if ((os.Flags & SHF_WRITE) == 0) flags |= RegionReadOnly;
        if ((os.Flags & SHF_EXECINSTR) != 0) flags |= RegionCode;
        else if (!os.IsNoBits || (os.Flags & SHF_WRITE) != 0) flags |= RegionData;
        foreach (var r in _script.RegionsInOrder)
        {
            var (yes, no) = RegionFlags(r.Attributes);
            if ((yes & flags) != 0 && (no & flags) == 0) return r.Name;
        }
        if (!os.IsNoBits && os.Size > 0)
            throw new LinkException(ErrorId.LayoutMismatch, $"{at}: no memory region specified for loadable section {os.Name}", at.File);
        return null;
    }

    private const uint RegionAllocated = 1, RegionLoaded = 2, RegionReadOnly = 4, RegionData = 8, RegionCode = 16;

    private static (uint Yes, uint No) RegionFlags(string attributes)
    {
        uint yes = 0, no = 0;
        bool invert = false;
        foreach (char ch in attributes)
        {
            uint f = char.ToLowerInvariant(ch) switch
            {
                'r' => RegionReadOnly, 'w' => RegionData, 'x' => RegionCode, 'a' => RegionAllocated, 'i' or 'l' => RegionLoaded, _ => 0,
            };
            if (ch == '!') invert = !invert;
            else if (invert) no |= f;
            else yes |= f;
        }
        return (yes, no);
    }

    /// <summary>The address --section-start (or -Ttext/-Tdata/-Tbss) gives this output section; the last one given wins.</summary>
    private ulong? SectionStart(string name)
    {
        ulong? result = null;
        foreach (var (section, address) in _options.SectionStarts)
            if (section == name) result = address;
        return result;
    }

    private const int MaxPassesForSymbols = 5;

    private static ulong AlignUp(ulong v, ulong a) => a <= 1 ? v : (v + a - 1) & ~(a - 1);

    // --- IScriptEnvironment ------------------------------------------------------------------------------------

    public ulong Dot(ScriptPosition at) => _dot;

    public bool TrySection(string name, out ulong address, out ulong loadAddress, out ulong size, out ulong align)
    {
        if (_byName.TryGetValue(name, out var os) && _placed.TryGetValue(os, out var p))
        {
            (address, loadAddress, size, align) = (p.Vma, p.Lma, p.Size, p.Align);
            return true;
        }
        // Named before it is placed: the previous pass's place (the first pass guesses 0; another pass follows).
        if (os is not null && os.IsAlloc && !_fixed)
        {
            if (_previousPlaced.TryGetValue(os, out p)) (address, loadAddress, size, align) = (p.Vma, p.Lma, p.Size, p.Align);
            else (address, loadAddress, size, align) = (0, 0, os.Size, os.Align);
            return true;
        }
        address = loadAddress = size = align = 0;
        return false;
    }

    public ScriptValue Symbol(string name, ScriptPosition at)
    {
        if (_symbols.TryGetValue(name, out var v)) return v;
        var id = _res.Db.Lookup(name);
        var def = id.IsNone ? Symbols.SymbolId.None : _res.Definition(id);
        if (def.IsNone) throw at.Error($"undefined symbol '{name}' referenced in expression");
        if (_res.IsSynthetic(def))
        {
            var synth = _res.SyntheticOf(def);
            if (synth.Kind == SyntheticKind.Absolute && synth.AliasOf is null) return new(synth.Value, true);
            if (synth.Kind is SyntheticKind.Script or SyntheticKind.ScriptHidden)
            {
                // Assigned later in the script: the previous pass's value, as GNU ld's repeated evaluation gives.
                if (_fixed || _pass >= MaxPassesForSymbols) throw at.Error($"symbol '{name}' is used before the script assigns it");
                    return _previousSymbols.TryGetValue(name, out var prev) ? prev : new(0, false);
            }
            throw at.Unsupported($"the linker-defined symbol '{name}' in an expression");
        }
        // A symbol an input defines: its value is known once its output section is placed.
        var db = _res.Db;
        var f = db.FileOf(def);
        var obj = _res.Objects[f];
        int i = def.Value - db.FirstSymbol(f);
        ref readonly var sym = ref obj.Symbols[i];
        if (obj.IsShared) throw at.Unsupported($"symbol '{name}' of shared object {obj.DisplayName} in an expression");
        if (sym.IsAbsolute) return new(sym.Value, true);
        int sec = obj.SymbolSection(i);
        var flat = sec > 0 ? _map.Flat(f, sec) : SectionId.None;
        if (flat.IsNone || sym.IsCommon || _outputs.MergeOf(flat) is not null || _outputs.OutputOf(flat) is not { } os)
            throw at.Unsupported($"the value of symbol '{name}' (a common, merged or discarded definition) in an expression");
        if (!_placed.TryGetValue(os, out var p))
            throw at.Error($"symbol '{name}' is in section {os.Name}, which is not placed yet at this point of the script");
        return new(p.Vma + OffsetOf(flat) + sym.Value, false);
    }

    public bool IsDefined(string name)
    {
        if (_symbols.ContainsKey(name)) return true;
        var id = _res.Db.Lookup(name);
        if (id.IsNone) return false;
        var def = _res.Definition(id);
        // A script symbol not assigned yet at this point is not DEFINED (GNU ld evaluates in order).
        return !def.IsNone && !(_res.IsSynthetic(def) && _res.SyntheticOf(def).Kind is SyntheticKind.Script or SyntheticKind.ScriptHidden);
    }

    public MemoryRegion? Region(string name) => _script.Regions.TryGetValue(name, out var r) ? r : null;
    public ulong SizeOfHeaders => _sizeOfHeaders;
    public ulong MaxPageSize { get; }
    public ulong CommonPageSize => 0x1000;

    public ulong? SegmentStart(string segment) => segment switch
    {
        "text-segment" => _options.ImageBase,
        "rodata-segment" => _options.RodataSegment,
        "ldata-segment" => _options.LdataSegment,
        _ => null,
    };
}
