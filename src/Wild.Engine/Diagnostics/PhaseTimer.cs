// Per-phase wall-clock timings: every phase of the link opens with PhaseTimer.Start and the result
// carries the list (shown by `wild --time` and the cmdlets' -Verbose).
using System.Diagnostics;

namespace Wild.Engine.Diagnostics;

public readonly record struct PhaseTiming(string Name, TimeSpan Elapsed);

public sealed class PhaseTimings
{
    private readonly List<PhaseTiming> _list = [];
    public IReadOnlyList<PhaseTiming> List => _list;

    public Scope Start(string name) => new(this, name, Stopwatch.GetTimestamp());

    public readonly struct Scope(PhaseTimings owner, string name, long start) : IDisposable
    {
        public void Dispose() => owner._list.Add(new PhaseTiming(name, Stopwatch.GetElapsedTime(start)));
    }
}
