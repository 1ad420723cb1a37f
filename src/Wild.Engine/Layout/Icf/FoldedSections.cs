// The result of "Fold identical sections" (--icf): which live input sections were folded into which kept one,
// the alignment a kept section needs (the largest of its class), and the liveness the later phases use, where a
// folded section is no longer live (not scanned, placed or written, its FDEs dropped). "Output sections" then
// gives a folded section its kept section's place, so every symbol and relocation that names it lands there.
namespace Wild.Engine.Layout;

internal sealed class FoldedSections
{
    // Flat index of the kept section for each folded one; -1 elsewhere. Null when nothing was folded.
    private readonly int[]? _keptOf;
    private readonly Dictionary<int, ulong>? _raisedAlign;

    private FoldedSections(int[]? keptOf, Dictionary<int, ulong>? raisedAlign, LiveSections live, int foldedCount)
    {
        _keptOf = keptOf;
        _raisedAlign = raisedAlign;
        Live = live;
        FoldedCount = foldedCount;
    }

    /// <summary>Nothing folded (--icf=none, or no two sections alike): liveness is the GC phase's.</summary>
    public static FoldedSections None(LiveSections live) => new(null, null, live, 0);

    internal static FoldedSections Create(int[] keptOf, Dictionary<int, ulong> raisedAlign, LiveSections live, int foldedCount) =>
        foldedCount == 0 ? None(live) : new(keptOf, raisedAlign.Count == 0 ? null : raisedAlign, live, foldedCount);

    /// <summary>Liveness after folding: a folded section is not live; its kept section is.</summary>
    public LiveSections Live { get; }

    /// <summary>How many input sections were folded into another.</summary>
    public int FoldedCount { get; }

    public bool Any => _keptOf is not null;

    /// <summary>The flat index of the section <paramref name="flat"/> was folded into; -1 if it was not folded.</summary>
    public int KeptOf(SectionId flat) => _keptOf is null ? -1 : _keptOf[flat];

    public bool IsFolded(SectionId flat) => _keptOf is not null && _keptOf[flat] >= 0;

    /// <summary>The alignment a kept section must be placed at: the largest of the sections folded into it.</summary>
    public ulong AlignOf(SectionId flat, ulong own) =>
        _raisedAlign is not null && _raisedAlign.TryGetValue(flat, out ulong a) ? Math.Max(a, own) : own;
}
