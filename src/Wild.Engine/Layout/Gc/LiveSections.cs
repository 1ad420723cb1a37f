// The result of "Garbage-collect sections": which input sections are in the output (all the classified ones,
// or with --gc-sections those reachable from the roots), and how many FDEs survive with their functions.
// Each .eh_frame's own record placement (which records are kept, where) is completed by the same phase.
namespace Wild.Engine.Layout;

internal sealed class LiveSections(bool[] live, int fdeCount)
{
    private readonly bool[] _live = live;

    public bool IsLive(SectionId flat) => _live[flat];

    /// <summary>A copy of the flags, for a later phase that removes sections ("Fold identical sections").</summary>
    internal bool[] ToArray() => (bool[])_live.Clone();

    /// <summary>FDEs kept in the output's .eh_frame: the size of .eh_frame_hdr's table.</summary>
    public int FdeCount { get; } = fdeCount;
}
