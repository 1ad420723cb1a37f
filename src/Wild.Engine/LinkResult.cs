// What a finished link reports: where the output went, its size and entry, and how long each phase took.
using Wild.Engine.Diagnostics;

namespace Wild.Engine;

public sealed record LinkResult(
    string OutputPath,
    ulong FileSize,
    ulong EntryAddress,
    OutputKind Kind,
    IReadOnlyList<PhaseTiming> Timings);
