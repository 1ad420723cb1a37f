// AddressAssigner under an INSERT script: the default layout places every section, the script's walk
// (ScriptAddressAssigner.LayOutInserted) lays out the inserted sections from where that layout reached them, and the
// layout places again with the walk's addresses, sizes and alignments until both agree (a body's padding depends on
// its address, the addresses after it on its size). The inserted sections' input offsets and bytes come from the
// last walk; where they join the order (ApplyInsert) and what ranks they take is AddressAssigner.Script's.
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;
using static Wild.Engine.Layout.OutputSectionRules;

namespace Wild.Engine.Layout;

internal sealed partial class AddressAssigner
{
    // The sections an INSERT script inserts, in its order (ApplyInsert), and what the walk asks of the default layout:
    // a lowest start for those it moved (and the section after them), a fixed one for those it gives an address.
    private List<OutputSection> _inserted = [];
    private OutputSection? _firstInserted;
    private Dictionary<OutputSection, ulong> _insertStarts = [];
    private Dictionary<OutputSection, ulong> _insertFixed = [];
    // Where the default layout reached when it came to the first inserted section: the walk's `.` there.
    private ulong _insertDot;

    private void AssignInsertedAddresses(ScriptPlan script)
    {
        var builder = _inserted.Where(s => s.IsAlloc).ToDictionary(s => s, s => (s.Size, s.Align));
        _firstInserted = _inserted.FirstOrDefault(s => s.IsAlloc);
        const int MaxPasses = 6;
        for (int pass = 0; ; pass++)
        {
            AssignAddresses();
            var alloc = _sections.Where(s => s.IsAlloc).ToList();
            var walk = ScriptAddressAssigner.LayOutInserted(script, _res, _map, _outputs, alloc, builder, _insertDot, MaxPage);
            bool stable = walk.Inserted.All(p => p.Key.Address == p.Value.Vma && p.Key.Size == p.Value.Size && p.Key.Align == p.Value.Align)
                          && (walk.After is not { } after || after.Section.Address >= after.Start);
            if (stable)
            {
                _outputs.MoveInputs(walk.BodyOffsets, _map);
                _scriptBytes = walk.Bytes;
                SetScriptSymbols(walk.Symbols, walk.SymbolSections);
                return;
            }
            if (pass == MaxPasses - 1)
                throw script.LayoutPosition.Error(
                    $"the sections INSERT places do not settle after {MaxPasses} passes (their addresses and sizes depend on each other in a cycle)");
            _insertStarts = [];
            _insertFixed = [];
            foreach (var (os, (vma, size, align, isExplicit)) in walk.Inserted)
            {
                (os.Size, os.Align) = (size, align);
                if (isExplicit) _insertFixed[os] = vma;
                else _insertStarts[os] = vma;
            }
            if (walk.After is { } next) _insertStarts[next.Section] = AlignUp(next.Start, next.Section.Align);
        }
    }
}
