// Per-phase timings: every phase of the link opens with PhaseTimer.Start and the result carries the list
// (shown by `wild --time` and the cmdlets' -Verbose). Wall time says what a phase costs; the process's CPU
// time over the same span says how well it used the cores (CPU/wall near 1 on two cores is a serial phase),
// and the bytes allocated say what it costs in fresh pages (each new page of heap is a page fault).
using System.Diagnostics;

namespace Wild.Engine.Diagnostics;

public readonly record struct PhaseTiming(string Name, TimeSpan Elapsed, TimeSpan Cpu, long Allocated = 0);

internal sealed class PhaseTimings
{
    private readonly List<PhaseTiming> _list = [];
    public IReadOnlyList<PhaseTiming> List => _list;

    /// <summary>Called with each phase's name as it starts (the cmdlets' Write-Progress); on the linking thread.</summary>
    public Action<string>? PhaseStarted { get; init; }

    /// <summary>A new list holding this one's timings so far, for a link that goes on from them without changing them.</summary>
    public PhaseTimings Copy(Action<string>? phaseStarted)
    {
        var copy = new PhaseTimings { PhaseStarted = phaseStarted };
        copy._list.AddRange(_list);
        return copy;
    }

    public Scope Start(string name)
    {
        PhaseStarted?.Invoke(name);
        return new(this, name, Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime, GC.GetTotalAllocatedBytes());
    }

    internal readonly struct Scope(PhaseTimings owner, string name, long start, TimeSpan startCpu, long startAllocated) : IDisposable
    {
        public void Dispose() =>
            owner._list.Add(new PhaseTiming(name, Stopwatch.GetElapsedTime(start), Environment.CpuUsage.TotalTime - startCpu,
                GC.GetTotalAllocatedBytes() - startAllocated));
    }
}
