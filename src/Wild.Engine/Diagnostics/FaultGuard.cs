// Who catches a fault on a mapped file. A mapped input truncated under the link, or an output page its file
// system cannot back, arrives as SIGBUS, which kills a process that does not handle it. Signal dispositions
// belong to the whole process, so the guard is process-wide: the `wild` command installs native handlers and
// registers them here; the engine then maps inputs zero-copy and tells the guard about every mapping and
// temporary file. Without a guard (the module inside pwsh, tests) inputs are read into private memory
// instead, so nothing a file does can fault the host.
namespace Wild.Engine.Diagnostics;

/// <summary>A process's handler for faults on mapped files (see <see cref="FaultGuard"/>).</summary>
public interface IFaultGuard
{
    /// <summary>Bytes of <paramref name="path"/> are mapped at [address, address+length): a fault there means the
    /// file changed during the link. Returns a token for <see cref="Forget"/>.</summary>
    nuint WatchInput(nint address, long length, string path);

    /// <summary>The output <paramref name="path"/> is built in <paramref name="temporaryPath"/>, to be removed if the
    /// process dies; when <paramref name="address"/> is not zero, its mapping is at [address, address+length).</summary>
    nuint WatchOutput(nint address, long length, string path, string? temporaryPath);

    /// <summary>Ends a registration (the mapping is gone, or the temporary file was renamed or removed).</summary>
    void Forget(nuint token);
}

public static class FaultGuard
{
    private static IFaultGuard? s_current;

    /// <summary>The process's guard, or null when none is installed (inputs are then copied, never mapped).</summary>
    public static IFaultGuard? Current => Volatile.Read(ref s_current);

    /// <summary>Installs the guard of a process that owns its signals (the `wild` command); once, before any link.</summary>
    public static void Install(IFaultGuard guard)
    {
        if (Interlocked.CompareExchange(ref s_current, guard, null) is not null)
            throw new InvalidOperationException("a fault guard is already installed in this process");
    }
}
