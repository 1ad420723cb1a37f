// ScriptAddressAssigner under INSERT: the default layout has placed every section (AddressAssigner), and the walk
// goes over the INSERT script's statements from the location counter where the inserted sections begin, laying out
// the inserted sections as the script layout does (bodies, `.` moves, data, fill, SUBALIGN, ALIGN, an explicit
// address) and valuing the script's symbols. The default layout then takes the walk's addresses and sizes and places
// again until the two agree (AddressAssigner.Insert); the sections the script does not name stay as that layout made them.
using Wild.Engine.Resolution;
using Wild.Engine.Scripts;

namespace Wild.Engine.Layout;

internal sealed partial class ScriptAddressAssigner
{
    /// <summary>What the walk over an INSERT script found: each inserted section's address (and whether the script
    /// gave it one), size and alignment; the address the section after the last inserted one may not start below
    /// (a `.` moved after it); the bodies' input offsets and bytes; the script's symbols.</summary>
    internal sealed record InsertResult(Dictionary<OutputSection, (ulong Vma, ulong Size, ulong Align, bool Explicit)> Inserted,
        (OutputSection Section, ulong Start)? After, Dictionary<int, ulong> BodyOffsets, ScriptBytes[] Bytes,
        Dictionary<string, ScriptValue> Symbols, Dictionary<string, OutputSection?> SymbolSections);

    /// <param name="placed">The allocated sections in the default layout's order, at its addresses.</param>
    /// <param name="inserted">The sections the script inserts, with the size and alignment the output section builder
    /// gave them (the walk starts from those, not from a previous placement's).</param>
    /// <param name="dot">The location counter where the script's statements take effect: where the default layout
    /// reached when it came to the first inserted section.</param>
    public static InsertResult LayOutInserted(ScriptPlan script, SymbolResolution res, SectionMap map, OutputSections outputs,
        List<OutputSection> placed, Dictionary<OutputSection, (ulong Size, ulong Align)> inserted, ulong dot, ulong maxPageSize)
    {
        var w = new ScriptAddressAssigner(script, res, map, outputs, placed, maxPageSize) { _fixed = true, _inserted = [.. inserted.Keys] };
        // ADDR and SIZEOF of a section the walk has not reached yet: where the default layout put it last.
        foreach (var os in placed) w._placed[os] = (os.Address, os.Address, os.Size, os.Align);
        var asPlaced = placed.ToDictionary(os => os, os => (os.Size, os.Align));
        foreach (var (os, (size, align)) in inserted) (os.Size, os.Align) = (size, align);
        var result = new Dictionary<OutputSection, (ulong, ulong, ulong, bool)>();
        OutputSection? last = null;
        w._dot = dot;
        ulong previousEnd = dot;
        try
        {
            foreach (var st in script.Statements)
            {
                switch (st)
                {
                    case AssignmentCommand a: w.Assign(a); break;
                    case AssertCommand a: w.Assert(a); break;
                    case OutputSectionCommand { IsDiscard: false } c when w.Active(c):
                        if (w._byName.TryGetValue(c.Name, out var os) && os.IsAlloc)
                        {
                            w.Place(os, c);
                            if (!inserted.ContainsKey(os)) continue;
                            var p = w._placed[os];
                            // An address of its own opens a segment where GNU ld's would: when the section would skip
                            // a page after the one before it (or goes below it). Else it only moves on in the segment.
                            bool isExplicit = (c.Address is not null || w.SectionStart(c.Name) is not null)
                                              && (p.Vma < previousEnd || AlignUp(previousEnd, maxPageSize) < AlignUp(p.Vma, maxPageSize));
                            previousEnd = p.Vma + (os.IsTls && os.IsNoBits ? 0 : p.Size);
                            // At an address its alignment does not meet, GNU ld lowers the alignment to what the
                            // address allows (the inputs keep theirs: the body walk put them a little way in).
                            ulong align = p.Vma != 0 && p.Vma % p.Align != 0 ? p.Vma & (~p.Vma + 1) : p.Align;
                            result[os] = (p.Vma, p.Size, align, isExplicit);
                            last = os;
                        }
                        else if (os is null) w.EmptySection(c);
                        break;
                }
            }
        }
        finally
        {
            // The default layout's placement stays as it was until the caller takes the walk's.
            foreach (var (os, (size, align)) in asPlaced) (os.Size, os.Align) = (size, align);
        }
        (OutputSection, ulong)? after = null;
        if (last is not null && placed.IndexOf(last) is var i && i + 1 < placed.Count)
        {
            var (vma, size, _, _) = result[last];
            // (.tbss takes no room: the location counter stays at its start.)
            if (w._dot > vma + (last.IsTls && last.IsNoBits ? 0 : size)) after = (placed[i + 1], w._dot);
        }
        return new InsertResult(result, after, w._bodyOffsets, [.. w._bytes], w._symbols, w._symbolSection);
    }
}
