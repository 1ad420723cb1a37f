// .NET keeps its own copy of the environment on Unix: a variable set in the host (PowerShell's $env:TMPDIR,
// gcc's COLLECT_GCC for lto-wrapper) never reaches the C library's environ, which is what a plugin reads and
// what the compilers it starts inherit. Before a plugin runs, the managed environment is written through.
// In the `wild` command both are the same and this changes nothing.
using System.Collections;
using System.Runtime.InteropServices;

namespace Wild.Engine.Lto;

internal static partial class NativeEnvironment
{
    /// <summary>Makes environ hold every variable the managed environment has, with the same value.</summary>
    public static void WriteThrough()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is not string name || e.Value is not string value || name.Length == 0 || name.Contains('=')) continue;
            if (Marshal.PtrToStringUTF8(GetEnv(name)) != value)
                SetEnv(name, value, 1);
        }
    }

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetEnv(string name);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
