// What the .gdb_index readers ask of the layout so far: whether an input section reaches the output (live after
// --gc-sections and --icf, classified into an output section). A range of code in a section that does not is not
// indexed, as in lld.
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class GdbIndexInputs(SectionMap map, LiveSections live, OutputSections outputs)
{
    public bool Keeps(FileId file, int section)
    {
        var flat = map.Flat(file, section);
        return live.IsLive(flat) && outputs.OutputOf(flat) is not null;
    }
}
