// The engine's fault guard for the `wild` command: binds IFaultGuard to the signal handlers of fault_guard.c,
// which NativeAOT links into the executable (see Wild.Cli.csproj). Installed once, before any link, and only
// in the native build: a JIT-run wild.dll (tests drive CliRunner directly) has no such library.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;

namespace Wild.Cli.Native;

internal sealed partial class NativeFaultGuard : IFaultGuard
{
    private NativeFaultGuard() { }

    /// <summary>Installs the handlers and registers the guard with the engine; false when this build has none.</summary>
    public static bool TryInstall()
    {
        if (RuntimeFeature.IsDynamicCodeSupported || !OperatingSystem.IsLinux())
            return false;
        if (Install() != 0)
            return false;
        FaultGuard.Install(new NativeFaultGuard());
        AppDomain.CurrentDomain.UnhandledException += (_, e) => Fail(e.ExceptionObject);
        return true;
    }

    // An exception on a thread the command does not own (the runtime's thread pool starting a worker under an
    // address-space limit) would abort the process: exit 1 with a message instead, temporaries removed.
    private static void Fail(object exception)
    {
        if (exception is OutOfMemoryException)
            FailCall(null);
        string detail = Environment.GetEnvironmentVariable("WILD_BACKTRACE") == "1" ? $"\n{exception}" : "";
        string text = exception is Exception e ? $"{e.GetType().Name}: {e.Message}" : $"{exception}";
        FailCall($"wild: error: internal error: {text}{detail}\n");
    }

    public nuint WatchInput(nint address, long length, string path) => Watch(address, (nuint)length, path, null, 0);

    public nuint WatchOutput(nint address, long length, string path, string? temporaryPath) =>
        Watch(address, (nuint)length, path, temporaryPath, 1);

    public void Forget(nuint token) => ForgetCall(token);

    [LibraryImport("wildguard", EntryPoint = "wild_guard_install")]
    private static partial int Install();

    [LibraryImport("wildguard", EntryPoint = "wild_guard_watch", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nuint Watch(nint address, nuint length, string name, string? temporary, int output);

    [LibraryImport("wildguard", EntryPoint = "wild_guard_fail", StringMarshalling = StringMarshalling.Utf8)]
    private static partial void FailCall(string? message);

    [LibraryImport("wildguard", EntryPoint = "wild_guard_forget")]
    private static partial void ForgetCall(nuint token);
}
