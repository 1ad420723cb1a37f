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

    /// <summary>Runs body(i) for i in [0, count); a failure surfaces as the exception of the lowest failing index.</summary>
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
        // Every item runs and records its own failure, so the error reported is the one of the lowest
        // index (input order), never the one that happened to finish first.
        var errors = new Exception?[count];
        System.Threading.Tasks.Parallel.For(0, count, _options, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors[i] = e;
            }
        });
        foreach (var e in errors)
            if (e is not null)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
    }
}
