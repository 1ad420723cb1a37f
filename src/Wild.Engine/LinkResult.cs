// What a finished link reports: where the output went, its size and entry, how long each phase took and,
// when asked for (LinkOptions.CollectLinkMap, -Map, --why-extract), the link map.
using Wild.Engine.Diagnostics;

namespace Wild.Engine;

public sealed record LinkResult(
    string OutputPath,
    ulong FileSize,
    ulong EntryAddress,
    OutputKind Kind,
    IReadOnlyList<PhaseTiming> Timings)
{
    /// <summary>Where every input section went; null unless the link was asked to keep it.</summary>
    public Reports.LinkMap? LinkMap { get; init; }
}
