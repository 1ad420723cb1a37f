// The result of "Output sections": where each live input section goes (its output section and its offset in
// it), the mergeable sections' pieces (deduplicated, one copy per distinct piece, first occurrence in input
// order), and the output sections themselves with their sizes and alignments. Addresses come later.
namespace Wild.Engine.Layout;

internal sealed class OutputSections(OutputSectionTable table, OutputSection?[] sectionOutput, ulong[] sectionOffset,
    MergeInput?[] mergeOf, MergeGroup[] mergeGroups)
{
    private readonly OutputSection?[] _sectionOutput = sectionOutput;
    private readonly ulong[] _sectionOffset = sectionOffset;
    private readonly MergeInput?[] _mergeOf = mergeOf;

    public OutputSectionTable Table { get; } = table;

    /// <summary>The output section an input section (by flat index) is in; null if it is not in the output.</summary>
    public OutputSection? OutputOf(SectionId flat) => _sectionOutput[flat];

    /// <summary>The input section's offset in its output section (a merged section: its group's chunk).</summary>
    public ulong OffsetOf(SectionId flat) => _sectionOffset[flat];

    /// <summary>The pieces of a mergeable input section, null for an ordinary one.</summary>
    public MergeInput? MergeOf(SectionId flat) => _mergeOf[flat];

    public MergeGroup[] MergeGroups { get; } = mergeGroups;

    /// <summary>The range-extension thunks these sections leave room for; null when the link needs none.</summary>
    public RangeExtensionThunks? Thunks { get; init; }

    /// <summary>The one change after this phase: inputs whose offsets depend on addresses. A -T script body the address
    /// walk laid out (data, FILL, SUBALIGN, `.` between inputs: `. = ALIGN(16)` is absolute), or a section pinned at an
    /// address below its alignment, whose inputs move up to keep theirs. Set once, before anything reads an address; a
    /// merged kind's members follow their carrier.</summary>
    internal void MoveInputs(IReadOnlyDictionary<int, ulong> offsets, SectionMap map)
    {
        if (offsets.Count == 0) return;
        foreach (var (flat, offset) in offsets) _sectionOffset[flat] = offset;
        for (int flat = 0; flat < _mergeOf.Length; flat++)
            if (_mergeOf[flat] is { Group.Carrier: var carrier } && offsets.TryGetValue(map.Flat(carrier.File, carrier.Section), out ulong at))
                _sectionOffset[flat] = at;
    }
}
