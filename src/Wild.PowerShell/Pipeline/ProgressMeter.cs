// Write-Progress for long loops (archive members, relocation tables, many files), with a percentage. Writing
// a record costs a host round trip, so it writes at most every quarter second, the first one at once; the
// completed record goes out only if a record was shown. Stopping (Ctrl-C) is checked on every tick.
using System.Diagnostics;
using System.Management.Automation;

namespace Wild.PowerShell.Pipeline;

internal sealed class ProgressMeter(Cmdlet cmdlet, int activityId, string activity)
{
    private static readonly long Interval = Stopwatch.Frequency / 4;
    private long _next;
    private bool _shown;

    /// <summary>Reports item <paramref name="done"/> of <paramref name="total"/>; throws PipelineStoppedException on Ctrl-C.</summary>
    public void Tick(string status, long done, long total)
    {
        if (cmdlet.Stopping) throw new PipelineStoppedException();
        long now = Stopwatch.GetTimestamp();
        if (now < _next) return;
        _next = now + Interval;
        _shown = true;
        int percent = total > 0 ? (int)Math.Clamp(done * 100 / total, 0, 100) : -1;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, status) { PercentComplete = percent });
    }

    public void Complete()
    {
        if (!_shown || cmdlet.Stopping) return;
        _shown = false;
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
