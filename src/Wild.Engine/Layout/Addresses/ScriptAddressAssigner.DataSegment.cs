// DATA_SEGMENT_ALIGN / DATA_SEGMENT_RELRO_END / DATA_SEGMENT_END in the script walk, with GNU ld's phases: a first
// layout notes where the data segment starts (the next page plus the counter's offset in its page), where relro
// ends and where the segment ends; then, with -z relro, the start moves up so that the relro end (plus the
// RELRO_END offset) falls on a page boundary, sections keeping their alignment (GNU ld's lang_size_relro_segment),
// or, without relro, to the page start when that saves a page (lang_size_segment); the walk then lays out again.
// The range it gives becomes PT_GNU_RELRO (ScriptSegments). The rest of the walk is ScriptAddressAssigner's.
using Wild.Engine.Diagnostics;
using Wild.Engine.Scripts;

namespace Wild.Engine.Layout;

internal sealed partial class ScriptAddressAssigner
{
    private enum DataSegmentPhase { None, RelroAdjust, Adjust }

    /// <summary>What one pass saw of the data segment (reset by each pass).</summary>
    private struct DataSegment
    {
        public bool AlignSeen, EndSeen;
        public ulong Base, MaxPage, CommonPage, RelroEnd, RelroOffset, End;
    }

    private DataSegment _seg;
    private DataSegmentPhase _segPhase;
    // Under RelroAdjust: where DATA_SEGMENT_ALIGN puts the data segment; the first layout's start and rounded relro end.
    private ulong _segAdjustedBase, _segInitialBase, _segRelroEndPlanned;
    private bool _segReverted;

    public ulong DataSegmentAlign(ulong maxPageSize, ulong commonPageSize, ScriptPosition at)
    {
        ulong dot = _dot;
        ulong v = AlignUp(dot, maxPageSize);
        v = _segPhase switch
        {
            DataSegmentPhase.RelroAdjust => _segAdjustedBase,
            // The page-saving start: the page itself when the common page is the maximum one.
            DataSegmentPhase.Adjust => commonPageSize < maxPageSize ? v + ((dot + commonPageSize - 1) & (maxPageSize - commonPageSize)) : v,
            _ => v + (dot & (maxPageSize - 1)),
        };
        if (!_seg.AlignSeen)
            _seg = _seg with { AlignSeen = true, Base = v, MaxPage = maxPageSize, CommonPage = commonPageSize };
        return v;
    }

    public ulong DataSegmentRelroEnd(ulong offset, ulong exp)
    {
        if (!_seg.AlignSeen) return exp;
        _seg.RelroOffset = offset;
        _seg.RelroEnd = unchecked(exp + offset);
        // GNU ld's relro page is the maximum page size (binutils 2.39 on): the end moves up to it.
        if (_segPhase == DataSegmentPhase.RelroAdjust && (_seg.RelroEnd & (_seg.MaxPage - 1)) != 0)
        {
            _seg.RelroEnd = AlignUp(_seg.RelroEnd, _seg.MaxPage);
            return _seg.RelroEnd - offset;
        }
        return exp;
    }

    public ulong DataSegmentEnd(ulong exp)
    {
        if (_seg.AlignSeen)
        {
            _seg.EndSeen = true;
            _seg.End = exp;
        }
        return exp;
    }

    private bool RelroWanted => _options.Z.Relro && _seg.AlignSeen && _seg.EndSeen && _seg.RelroEnd != 0;

    /// <summary>After the first layout: whether the data segment moves (relro, or a page saved), for another layout.</summary>
    private bool AdjustDataSegment()
    {
        if (!_seg.AlignSeen || !_seg.EndSeen) return false;
        if (RelroWanted)
        {
            _segInitialBase = _seg.Base;
            _segRelroEndPlanned = RelroStart(_seg.Base, out _segAdjustedBase);
            _segPhase = DataSegmentPhase.RelroAdjust;
            return true;
        }
        if (_options.Z.Relro) return false;
        ulong page = _seg.CommonPage;
        ulong first = unchecked(0 - _seg.Base) & (page - 1), last = _seg.End & (page - 1);
        if (first != 0 && last != 0 && (_seg.Base & ~(page - 1)) != (_seg.End & ~(page - 1)) && first + last <= page)
        {
            _segPhase = DataSegmentPhase.Adjust;
            return true;
        }
        return false;
    }

    /// <summary>GNU ld's second chance: if assignments to `.` in the relro area grew the padding past the planned end,
    /// start again from the first layout's start.</summary>
    private bool RevertRelroAdjustment()
    {
        if (_segPhase != DataSegmentPhase.RelroAdjust || _segReverted || _seg.RelroEnd <= _segRelroEndPlanned) return false;
        _segReverted = true;
        RelroStart(_segInitialBase, out _segAdjustedBase);
        return true;
    }

    /// <summary>lang_size_relro_segment_1: from the last relro section back, each is moved up as far as its alignment
    /// allows so that it ends where the next one starts, the last ending at the page-rounded relro end less the
    /// offset; the first one's start is the new data segment start. Returns the rounded relro end.</summary>
    private ulong RelroStart(ulong lowest, out ulong start)
    {
        ulong relroEnd = AlignUp(_seg.RelroEnd, _seg.MaxPage);
        ulong desired = relroEnd - _seg.RelroOffset;
        ulong limit = _seg.RelroEnd - _seg.RelroOffset;
        for (int i = _order.Count - 1; i >= 0; i--)
        {
            var (vma, _, size, align) = _placed[_order[i]];
            if (vma < lowest || vma >= limit) continue;
            ulong end = vma + (_order[i].IsTls && _order[i].IsNoBits ? 0 : size);
            ulong moved = unchecked(vma + (desired - end)) & ~(Math.Max(1, align) - 1);
            desired = moved;
        }
        if (desired < lowest)
        {
            var at = _script.LayoutPosition;
            throw new LinkException(ErrorId.LayoutMismatch,
                $"{at}: the relro sections do not fit between DATA_SEGMENT_ALIGN (0x{lowest:x}) and DATA_SEGMENT_RELRO_END (0x{relroEnd:x})", at.File);
        }
        start = desired;
        return relroEnd;
    }

    /// <summary>The relro range the program headers will show, as the walk stands (for counting them).</summary>
    private (ulong Start, ulong End)? PlannedRelro() =>
        _segPhase == DataSegmentPhase.RelroAdjust ? FinalRelro()
        : RelroWanted ? (_seg.Base, AlignUp(_seg.RelroEnd, _seg.MaxPage)) : null;

    /// <summary>PT_GNU_RELRO's range once the layout is final: from the data segment start to the page-aligned end.</summary>
    private (ulong Start, ulong End)? FinalRelro() =>
        _segPhase == DataSegmentPhase.RelroAdjust && _seg.AlignSeen && _seg.RelroEnd > _segAdjustedBase ? (_segAdjustedBase, _seg.RelroEnd) : null;
}
