// Every call into the plugin (onload, claim_file, all_symbols_read, cleanup) runs on this one thread, with a
// stack as large as a linker's main thread, since LLVM's plugin optimises and generates code on the caller's
// stack. The thread exists for one reason beyond that: a plugin that reports LDPL_FATAL expects the linker
// never to return into it (GNU ld exits inside message()). Managed code cannot unwind through the plugin's
// frames, so the message callback parks the thread that called it and the link fails from the thread that
// waits here, through the ordinary error path. What the plugin does is LinkerPlugin's concern.
using System.Collections.Concurrent;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Lto;

internal sealed class PluginThread : IDisposable
{
    private const int StackSize = 64 << 20;

    private readonly BlockingCollection<Action> _work = new();
    private readonly ManualResetEvent _fatal = new(false);
    private string? _fatalMessage;

    public PluginThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var call in _work.GetConsumingEnumerable()) call();
        }, StackSize)
        {
            IsBackground = true,
            Name = "wild-lto-plugin",
        };
        thread.Start();
    }

    /// <summary>True once the plugin has reported a fatal error: nothing more may be called on it.</summary>
    public bool Failed => _fatalMessage is not null;

    /// <summary>Runs <paramref name="call"/> on the plugin thread and returns its result; throws LinkException when the
    /// plugin reports a fatal error meanwhile (the call never returns then), and on cancellation.</summary>
    public T Run<T>(Func<T> call, CancellationToken cancellation)
    {
        if (_fatalMessage is not null)
            throw new LinkException(ErrorId.LtoPlugin, _fatalMessage);
        T result = default!;
        Exception? error = null;
        // Not disposed: after a fatal error or a cancellation the plugin thread may still hold it.
        var done = new ManualResetEvent(false);
        _work.Add(() =>
        {
            try { result = call(); }
            catch (Exception e) { error = e; }
            finally { done.Set(); }
        });
        int which = WaitHandle.WaitAny([done, _fatal, cancellation.WaitHandle]);
        if (which == 1 || (which == 0 && _fatalMessage is not null))
            throw new LinkException(ErrorId.LtoPlugin, _fatalMessage!);
        cancellation.ThrowIfCancellationRequested();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return result;
    }

    /// <summary>Called (from the message callback, on whatever thread the plugin used) for LDPL_FATAL: wakes the
    /// waiting link with <paramref name="message"/> and never returns.</summary>
    public void ParkAfterFatal(string message)
    {
        Interlocked.CompareExchange(ref _fatalMessage, message, null);
        _fatal.Set();
        Thread.Sleep(Timeout.Infinite);
    }

    public void Dispose()
    {
        // A parked thread keeps waiting on nothing; a live one ends when the queue is complete.
        _work.CompleteAdding();
    }
}
