// Runs one long engine call (a resolve, a link) off the pipeline thread, so the cmdlet can show each phase
// with Write-Progress as the engine enters it and Ctrl-C cancels the engine's token at once. Cmdlet methods
// may only be called on the pipeline thread: the engine's thread queues phase names, this thread writes them.
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Runtime.ExceptionServices;

namespace Wild.PowerShell.Pipeline;

internal static class EngineCall
{
    public static T Run<T>(Cmdlet cmdlet, int activityId, string activity, Func<Action<string>, T> work, CancellationToken cancellation)
    {
        var phases = new BlockingCollection<string>();
        var task = Task.Factory.StartNew(() =>
        {
            try
            {
                return work(Report);
            }
            finally
            {
                phases.CompleteAdding();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        // A session keeps the callback of the call that made it; once that call is over, phases go nowhere.
        void Report(string phase)
        {
            try { phases.TryAdd(phase); }
            catch (InvalidOperationException) { }
        }
        try
        {
            // GetConsumingEnumerable ends when the engine is done (CompleteAdding), however it ended.
            foreach (var phase in phases.GetConsumingEnumerable(CancellationToken.None))
            {
                if (cancellation.IsCancellationRequested) continue;   // stopping: no more host calls, just drain
                // A new record each time: hosts and Streams.Progress keep the object they were given.
                cmdlet.WriteProgress(new ProgressRecord(activityId, activity, phase));
            }
        }
        finally
        {
            // Never leave the engine running behind the user's back (Ctrl-C waits for it to honour the token).
            try { task.Wait(CancellationToken.None); } catch (AggregateException) { }
            if (!cancellation.IsCancellationRequested)
            {
                try { cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed }); }
                catch (PipelineStoppedException) { }
            }
        }
        if (task.Exception is { } e)
            ExceptionDispatchInfo.Capture(e.InnerException ?? e).Throw();
        return task.Result;
    }
}
