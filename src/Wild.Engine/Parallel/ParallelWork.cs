// The one way the engine runs work in parallel: a fixed degree of parallelism from the link options,
// work items indexed in input order, results written to disjoint slots so merges stay deterministic.
namespace Wild.Engine.Parallel;

public sealed class ParallelWork(int threads, CancellationToken cancellation)
{
    private readonly ParallelOptions _options = new()
    {
        MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads,
        CancellationToken = cancellation,
    };

    public int Threads => _options.MaxDegreeOfParallelism;
    public CancellationToken Cancellation => cancellation;

    /// <summary>Runs body(i) for i in [0, count); exceptions surface as the first LinkException in index order.</summary>
    public void For(int count, Action<int> body)
    {
        if (count == 0) return;
        if (Threads == 1 || count == 1)
        {
            for (int i = 0; i < count; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                body(i);
            }
            return;
        }
        try
        {
            System.Threading.Tasks.Parallel.For(0, count, _options, body);
        }
        catch (AggregateException e)
        {
            // Report the same error whatever the scheduling: the first one in input order.
            var errors = e.Flatten().InnerExceptions;
            var link = errors.OfType<Diagnostics.LinkException>().FirstOrDefault();
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(link ?? errors[0]).Throw();
        }
    }
}
