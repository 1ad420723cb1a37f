using System.Diagnostics;

namespace Wild.Engine.Tests.Corpus;

public sealed record ProcessResult(string FileName, IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public string CommandLine => FileName + " " + string.Join(' ', Arguments);

    public string Describe() =>
        $"$ {CommandLine}\nexit {(TimedOut ? "TIMEOUT" : ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture))}\n" +
        $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs a child process with captured output, closed stdin and a hard timeout.</summary>
public static class ProcessRunner
{
    /// <param name="environment">When not null, the child gets exactly these variables (nothing inherited).</param>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IEnumerable<KeyValuePair<string, string>>? environment = null)
    {
        var args = arguments.ToList();
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args)
            psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            psi.Environment.Clear();
            foreach (var (k, v) in environment)
                psi.Environment[k] = v;
        }
        else
        {
            // Tool messages are matched by regexes: keep them untranslated.
            psi.Environment["LC_ALL"] = "C";
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {fileName}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        bool exited = p.WaitForExit(timeout);
        if (!exited)
        {
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.WaitForExit(TimeSpan.FromSeconds(30));
        }
        // The output ends when every process holding the pipes has closed them: a grandchild that outlives the child
        // (a daemon, a server, a process the kill did not reach) holds them forever. Wait a bounded time, so such a
        // test fails with what was read instead of hanging the run.
        if (!Task.WaitAll([stdout, stderr], TimeSpan.FromSeconds(30)))
            return new ProcessResult(fileName, args, exited ? p.ExitCode : -1, Finished(stdout), Finished(stderr) +
                "\n(a process started by this command still holds its output open 30 s after it ended)", TimedOut: true);
        return new ProcessResult(fileName, args, exited ? p.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }

    private static string Finished(Task<string> read) => read.IsCompletedSuccessfully ? read.Result : "";
}
