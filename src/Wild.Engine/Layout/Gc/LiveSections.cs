// The result of "Garbage-collect sections": which input sections are in the output (all the classified ones,
// or with --gc-sections those reachable from the roots), and how many FDEs survive with their functions.
// Each .eh_frame's own record placement (which records are kept, where) is completed by the same phase.
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class LiveSections(bool[] live, int fdeCount)
{
    private readonly bool[] _live = live;

    public bool IsLive(SectionId flat) => _live[flat];

    /// <summary>A copy of the flags, for a later phase that removes sections ("Fold identical sections").</summary>
    internal bool[] ToArray() => (bool[])_live.Clone();

    /// <summary>Every live input section of the loaded relocatable objects that goes to an output section and has
    /// relocations, in input order, with its output section's name: what the checks of references between output
    /// sections walk (ScriptCrossReferences, DiscardedReferences).</summary>
    public IEnumerable<(FileId File, int Section, string Output, int Rela)> RelocatedSections(SymbolResolution res, SectionMap map)
    {
        foreach (var f in res.LoadedFiles)
        {
            var obj = res.Objects[f];
            if (obj.IsShared) continue;
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                if (!_live[flat] || map.OutputName(flat) is not { } output || map.RelaOf(flat) is not (> 0 and var rela)) continue;
                yield return (f, s, output, rela);
            }
        }
    }

    /// <summary>FDEs kept in the output's .eh_frame: the size of .eh_frame_hdr's table.</summary>
    public int FdeCount { get; } = fdeCount;
}
