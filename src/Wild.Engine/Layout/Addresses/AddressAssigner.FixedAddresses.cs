// AddressAssigner's fixed addresses in the default layout: which output sections --section-start, -Ttext/-Tdata/-Tbss
// and -Trodata-segment pin, what may not be pinned, and GNU ld's overlap check once everything is placed. Where a
// pinned section opens a new PT_LOAD is the placement loop's (AddressAssigner.AssignAddresses); -N/-n are here too,
// as the other way the default layout leaves page alignment.
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using static Wild.Engine.Elf.ElfConstants;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal sealed partial class AddressAssigner
{
    /// <summary>The allocated sections that start at a fixed address. GNU ld ignores --section-start for a section the
    /// output does not have, and so does this. -Trodata-segment pins the first read-only data section, as GNU ld's
    /// SEGMENT_START("rodata-segment", ...) does; its script for -z noseparate-code has no such segment, so it is
    /// ignored there. A pinned section of the relro region leaves the output without PT_GNU_RELRO (<see cref="PinsRelro"/>).</summary>
    private Dictionary<OutputSection, ulong> FixedStarts(List<OutputSection> alloc)
    {
        var result = new Dictionary<OutputSection, ulong>();
        if (_options.RodataSegment is { } rodata && SeparateCode
            && alloc.FirstOrDefault(s => IsReadOnlyDataRank(s.Rank)) is { } firstRo)
            result[firstRo] = rodata;
        foreach (var (name, address) in _options.SectionStarts)
            if (alloc.FirstOrDefault(s => s.Name == name) is { } s) result[s] = address;
        // An INSERT script's address for its section (the walk laid the body out from there already).
        foreach (var (s, address) in _insertFixed) result[s] = address;
        if (result.Count == 0) return result;
        if (_options.Magic != OutputMagic.Paged)
            Refuse($"--section-start (or -Ttext/-Tdata/-Tbss/-Trodata-segment) with {MagicOption}");
        var tls = alloc.Where(s => s.IsTls).ToList();
        foreach (var (s, address) in result)
        {
            // A TLS section alone may move anywhere, at any misaligned address (ld.so and the static start-up take the
            // block's first-byte offset from p_vaddr). Next to another TLS section, GNU ld moves only the pinned one, so
            // PT_TLS would have to span the sections between them; it refuses that, and so does this, in its words.
            if (s.IsTls && tls.Count > 1)
                throw new LinkException(ErrorId.SectionOverlap,
                    $"TLS sections are not adjacent: --section-start moves {s.Name} away from {string.Join(", ", tls.Where(t => t != s).Select(t => t.Name))}");
            // GNU ld places the section where asked and lowers its alignment to what the address allows; its input
            // sections keep theirs, so the first starts on its alignment a little way in (the loader honours PT_TLS's
            // alignment from p_vaddr's first-byte offset). Linker-made contents and commons are laid out from the
            // section's start; those stay where they are, at the lowered alignment.
            if (address != 0 && address % Math.Max(1, s.Align) != 0 && !_insertFixed.ContainsKey(s))
            {
                if (s.Synthetic == SyntheticContent.None && s.Inputs.Count > 0 && !HoldsPlacedSymbols(s))
                {
                    ulong lead = AlignUp(address, s.Align) - address;
                    var moved = new Dictionary<int, ulong>();
                    foreach (var input in s.Inputs)
                    {
                        var flat = _map.Flat(input.File, input.Section);
                        moved[flat] = _outputs.OffsetOf(flat) + lead;
                    }
                    _outputs.MoveInputs(moved, _map);
                    s.Size += lead;
                    _contentAlign[s] = s.Align;
                }
                s.Align = address & (~address + 1);
            }
        }
        return result;
    }

    /// <summary>The alignment the inputs of a section pinned below it keep (PT_TLS takes it), by section.</summary>
    private readonly Dictionary<OutputSection, ulong> _contentAlign = [];

    private bool HoldsPlacedSymbols(OutputSection s) =>
        _commons.Commons.Section == s || _commons.TlsCommons.Section == s || _commons.LargeCommons.Section == s
        || _commons.Copies.Section == s || _commons.ReadOnlyCopies.Section == s;

    /// <summary>True when a section of the relro region is pinned. GNU ld 2.40 then writes no PT_GNU_RELRO (its
    /// DATA_SEGMENT_RELRO_END no longer closes a run that starts at DATA_SEGMENT_ALIGN) and the program runs with its
    /// relro data writable; so does this, rather than protect a range that a pinned section may have left.</summary>
    private static bool PinsRelro(Dictionary<OutputSection, ulong> fixedAt) => fixedAt.Keys.Any(s => IsRelroRank(s.Rank));

    /// <summary>A section placed so that it reaches the top of the address space (a script's `reset - 4`, an address
    /// near 2^64): its end does not fit in 64 bits, and every end and size computed from it would wrap. Refused by
    /// name rather than written as a segment whose memory size wrapped to 0.</summary>
    private static void RefuseTopOfAddressSpace(IEnumerable<OutputSection> alloc)
    {
        foreach (var s in alloc)
            if (s.Size > 0 && s.Address > ulong.MaxValue - s.Size)
                throw new LinkException(ErrorId.SectionOverlap,
                    $"section {s.Name} at 0x{s.Address:x16} with size 0x{s.Size:x} reaches past 0xffffffffffffffff: its end does not fit " +
                    "in 64 bits; sections that end at the top of the address space are not supported");
    }

    /// <summary>GNU ld's check after placement, in its words: sections with contents may not share load addresses
    /// (LMA, here the address), and no two allocated sections may share addresses (VMA); .tbss takes none.</summary>
    private void CheckOverlaps(IReadOnlyList<OutputSection> alloc, ulong headersEnd)
    {
        var errors = new List<string>();
        var placed = alloc.Where(s => s.Size > 0 && !(s.IsTls && s.IsNoBits)).OrderBy(s => s.Address).ThenBy(s => s.HeaderIndex).ToList();
        Check(placed.Where(s => !s.IsNoBits).ToList(), "LMA", null);
        // Pairs of two sections with contents were reported above: their addresses are their load addresses.
        Check(placed, "VMA", (a, b) => a.IsNoBits || b.IsNoBits);
        foreach (var s in placed)
            if (s.Address < headersEnd && s.Address + s.Size > _imageBase)
                errors.Add($"section {s.Name} VMA {Range(s)} overlaps the ELF and program headers [{_imageBase:x16},{headersEnd - 1:x16}]");
        if (errors.Count > 0) throw new LinkException(ErrorId.SectionOverlap, string.Join("\n", errors));

        // As GNU ld: each section against the one before it in address order, the later one named first.
        void Check(List<OutputSection> sorted, string kind, Func<OutputSection, OutputSection, bool>? report)
        {
            for (int i = 1; i < sorted.Count; i++)
            {
                var (p, s) = (sorted[i - 1], sorted[i]);
                if (s.Address < p.Address + p.Size && (report is null || report(p, s)))
                    errors.Add($"section {s.Name} {kind} {Range(s)} overlaps section {p.Name} {kind} {Range(p)}");
            }
        }
        static string Range(OutputSection s) => $"[{s.Address:x16},{s.Address + s.Size - 1:x16}]";
    }

    /// <summary>PT_LOADs in address order (the gABI's rule; a pinned section may lie below what precedes it in the
    /// file) and no two sharing a page: the kernel would map the later one over the earlier one's page. GNU ld merges
    /// such sections into one segment with the union of their permissions; wild refuses and names them.</summary>
    private static void SortLoads(List<Elf64ProgramHeader> loads, IReadOnlyList<OutputSection> alloc, ulong page)
    {
        loads.Sort((a, b) => a.VirtualAddress.CompareTo(b.VirtualAddress));
        for (int i = 1; i < loads.Count; i++)
        {
            var (prev, next) = (loads[i - 1], loads[i]);
            if (AlignUp(prev.VirtualAddress + prev.MemorySize, page) <= next.VirtualAddress - next.VirtualAddress % page) continue;
            string first = alloc.FirstOrDefault(s => s.Address == next.VirtualAddress && s.Size > 0)?.Name ?? $"0x{next.VirtualAddress:x}";
            throw new LinkException(ErrorId.SectionOverlap,
                $"--section-start: the segment starting with {first} at 0x{next.VirtualAddress:x} shares a page with the segment at "
                + $"[0x{prev.VirtualAddress:x},0x{prev.VirtualAddress + prev.MemorySize:x}); choose an address on another page");
        }
    }

    private string MagicOption => _options.Magic == OutputMagic.OMagic ? "-N (--omagic)" : "-n (--nmagic)";

    /// <summary>-N/-n make a static executable only: they turn off shared-library search (GNU ld then fails on a
    /// shared input: "attempted static link of dynamic object"), and GNU ld fails -pie with them ("PHDR segment not
    /// covered by LOAD segment"), having no loaded headers to point PT_PHDR at.</summary>
    private void CheckMagic()
    {
        if (_options.Magic == OutputMagic.Paged || _options.Kind == OutputKind.Static) return;
        string what = _options.Kind switch
        {
            OutputKind.Pie or OutputKind.StaticPie => "a position-independent executable (GNU ld fails: PHDR segment not covered by LOAD segment)",
            OutputKind.Shared => "a shared object",
            _ => "a dynamically linked executable (they link libraries statically, as -Bstatic)",
        };
        Refuse($"{MagicOption} makes a static executable only, not {what}");
    }

    private static void Refuse(string what) => throw new LinkException(ErrorId.InvalidOption, $"not supported: {what}");
}
