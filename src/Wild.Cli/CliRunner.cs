// The `wild` command from argv to exit code: expand @files, parse, print version/help, run the link
// and report. Writers and the link function are parameters so tests drive it without a console or
// the real engine; Program.cs only wires in Console and Linker.Link.
using System.Globalization;
using Wild.Cli.CommandLine;
using Wild.Engine;
using Wild.Engine.Diagnostics;

namespace Wild.Cli;

internal delegate LinkResult LinkFunction(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellationToken);

internal static class CliRunner
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <param name="checkArguments">Runs first, inside the error handling (the native command checks that its
    /// arguments' bytes are UTF-8 there).</param>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, LinkFunction link,
        CancellationToken cancellationToken = default, Action? checkArguments = null)
    {
        try
        {
            checkArguments?.Invoke();
            return RunUnguarded(args, stdout, stderr, link, cancellationToken);
        }
        catch (CommandLineException e)
        {
            stderr.WriteLine($"wild: error: {e.Message}");
            if (e.Hint is not null)
                stderr.WriteLine($"wild: {e.Hint}");
            return Failure;
        }
        catch (LinkException e)
        {
            stderr.WriteLine($"wild: error: {e.FullMessage}");
            foreach (LinkException sibling in e.Siblings)
                stderr.WriteLine($"wild: error: {sibling.FullMessage}");
            return Failure;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("wild: error: link cancelled");
            return Failure;
        }
        catch (OutOfMemoryException)
        {
            // An address-space limit (ulimit -v) or a machine too small for the link: say so, exit 1.
            stderr.WriteLine("wild: error: out of memory");
            return Failure;
        }
        catch (Exception e)
        {
            // A bug in Wild must still end as a one-line error and exit 1: a crash dump in a build log
            // hides which link failed, and a signal exit confuses make.
            stderr.WriteLine($"wild: error: internal error: {e.GetType().Name}: {e.Message}");
            // WILD_BACKTRACE=1 adds the stack, for bug reports.
            if (Environment.GetEnvironmentVariable("WILD_BACKTRACE") == "1") stderr.WriteLine(e.ToString());
            return Failure;
        }
    }

    private static int RunUnguarded(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, LinkFunction link, CancellationToken cancellationToken)
    {
        List<string> expanded = ResponseFiles.Expand(args);
        ParsedCommandLine parsed = ArgumentParser.Parse(expanded);
        LinkOptions options = parsed.Options;

        foreach (string w in parsed.Warnings)
            stderr.WriteLine(options.FatalWarnings ? $"wild: error: {w}" : $"wild: warning: {w}");
        if (options.FatalWarnings && parsed.Warnings.Count > 0)
            return Failure;

        if (parsed.ShowHelp)
        {
            stdout.Write(HelpWriter.Text());
            return Success;
        }
        if (parsed.VersionOnly || parsed.ShowVersion)
        {
            stdout.WriteLine(VersionInfo.Line);
            if (parsed.ShowEmulations)
            {
                stdout.WriteLine("  Supported emulations:");
                foreach (string emulation in Engine.Arch.Emulations.Names)
                    stdout.WriteLine($"   {emulation}");
            }
        }
        // --version never links (GNU ld exits too); -v links when there is something to link.
        if (parsed.VersionOnly)
            return Success;
        if (parsed.InputCount == 0)
        {
            if (parsed.ShowVersion)
                return Success;
            throw new CommandLineException("no input files");
        }

        CheckLiteralAtFiles(options);
        return Link(options, stdout, stderr, link, cancellationToken);
    }

    // An "@name" input is what is left of a response file that could not be read (GNU keeps it as a
    // literal). Say so in ld.bfd's words here rather than as a puzzling missing input later.
    private static void CheckLiteralAtFiles(LinkOptions options)
    {
        foreach (InputSpec input in options.Inputs)
        {
            if (input is InputSpec.File { Path: ['@', ..] path } && !File.Exists(path))
                throw new CommandLineException($"cannot find {path}: No such file or directory");
        }
    }

    private static int Link(LinkOptions options, TextWriter stdout, TextWriter stderr, LinkFunction link, CancellationToken cancellationToken)
    {
        // With -o - the program itself is standard output: traces and other information go to stderr instead.
        if (options.OutputPath == Wild.Engine.Writing.OutputFile.StandardOutput) stdout = stderr;
        int warnings = 0;
        var diagnostics = new DiagnosticBag
        {
            OnReport = d =>
            {
                if (d.Kind == DiagnosticKind.Info)
                {
                    lock (stdout)
                        stdout.WriteLine(d.Message);
                    return;
                }
                Interlocked.Increment(ref warnings);
                lock (stderr)
                    stderr.WriteLine(options.FatalWarnings ? $"wild: error: {d.Message}" : $"wild: warning: {d.Message}");
            },
        };

        LinkResult result = link(options, diagnostics, cancellationToken);

        if (options.PrintTimings)
            WriteTimings(result.Timings, stderr);

        if (options.FatalWarnings && warnings > 0)
        {
            // Leaving the output behind would let make treat the failed link as up to date.
            Wild.Engine.Writing.OutputFile.RemoveCommitted(result.OutputPath);
            return Failure;
        }
        return Success;
    }

    internal static void WriteTimings(IReadOnlyList<PhaseTiming> timings, TextWriter stderr)
    {
        TimeSpan total = TimeSpan.Zero, totalCpu = TimeSpan.Zero;
        long totalAllocated = 0;
        foreach (PhaseTiming t in timings)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wild: time: {t.Elapsed.TotalMilliseconds,10:F3} ms {t.Cpu.TotalMilliseconds,10:F3} ms cpu {t.Allocated / 1048576.0,8:F1} MiB  {t.Name}"));
            total += t.Elapsed;
            totalCpu += t.Cpu;
            totalAllocated += t.Allocated;
        }
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wild: time: {total.TotalMilliseconds,10:F3} ms {totalCpu.TotalMilliseconds,10:F3} ms cpu {totalAllocated / 1048576.0,8:F1} MiB  total"));
        // The link aims to run without collections; show whether it did.
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wild: gc: {GC.CollectionCount(0)} gen0, {GC.CollectionCount(1)} gen1, {GC.CollectionCount(2)} gen2; {GC.GetTotalAllocatedBytes() / 1048576.0:F1} MiB allocated, {GC.GetTotalPauseDuration().TotalMilliseconds:F1} ms paused"));
    }
}
