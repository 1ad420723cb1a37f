// The `wild` command end to end with a fake engine: version and help output, -v still linking, how
// warnings, info lines, link errors (with siblings) and internal errors are printed, exit codes, --time,
// and --fatal-warnings.
using Wild.Cli;
using Wild.Cli.CommandLine;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class CliRunnerTests
{
    private const string VersionLine = "Wild 0.1.0 (compatible with GNU linkers)";

    [Fact]
    public void VersionLineComesFromTheAssemblyWithoutCommitSuffix()
    {
        Assert.Equal("0.1.0", VersionInfo.Number);
        Assert.Equal(VersionLine, VersionInfo.Line);
        // Meson and libtool probes look for this word.
        Assert.Contains("GNU", VersionInfo.Line);
    }

    [Fact]
    public void VersionAloneExitsWithoutLinking()
    {
        RunResult r = Run(["--version"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(VersionLine + Environment.NewLine, r.Stdout);
        Assert.Equal("", r.Stderr);
        Assert.Null(r.Linked);
    }

    [Fact]
    public void VersionWithInputsStillDoesNotLink()
    {
        RunResult r = Run(["--version", "x.o", "-o", "out"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Null(r.Linked);
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("-V")]
    public void ShortVersionWithInputsLinks(string flag)
    {
        RunResult r = Run([flag, "x.o", "-o", "out"]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith(VersionLine, r.Stdout);
        Assert.NotNull(r.Linked);
        Assert.Equal("out", r.Linked!.OutputPath);
    }

    [Fact]
    public void ShortVersionAloneExitsZero()
    {
        RunResult r = Run(["-v"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(VersionLine + Environment.NewLine, r.Stdout);
        Assert.Null(r.Linked);
    }

    [Fact]
    public void CapitalVListsEmulations() =>
        Assert.Contains("elf_x86_64", Run(["-V"]).Stdout);

    [Fact]
    public void HelpListsEveryTableSpellingAndZKeyword()
    {
        RunResult r = Run(["--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Null(r.Linked);
        foreach (OptionSpec spec in OptionTable.Options)
            foreach (string spelling in spec.Spellings)
                Assert.Contains(spelling, r.Stdout);
        foreach (ZKeyword z in OptionTable.ZKeywords)
            Assert.Contains("-z " + z.Name, r.Stdout);
        Assert.Contains("Recognised but not supported:", r.Stdout);
    }

    [Fact]
    public void NoInputsIsAnError()
    {
        RunResult r = Run(["-o", "out"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: no input files" + Environment.NewLine, r.Stderr);
    }

    [Fact]
    public void UnknownOptionPrintsGnuStyleErrorAndHint()
    {
        RunResult r = Run(["--frobnicate", "x.o"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            "wild: error: unrecognized option '--frobnicate'" + Environment.NewLine +
            "wild: use the --help option for usage information" + Environment.NewLine, r.Stderr);
        Assert.Null(r.Linked);
    }

    [Fact]
    public void UnsupportedOptionExitsOne()
    {
        RunResult r = Run(["--format=binary", "x.o"]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("wild: error: unsupported option: --format", r.Stderr);
    }

    [Fact]
    public void ParseWarningsArePrintedAndLinkGoesOn()
    {
        RunResult r = Run(["-z", "bogus", "x.o"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("wild: warning: -z bogus ignored" + Environment.NewLine, r.Stderr);
        Assert.NotNull(r.Linked);
    }

    [Fact]
    public void MissingResponseFileReportsLikeLdBfd()
    {
        using var dir = new TempDir();
        string missing = "@" + Path.Combine(dir.Path, "args.rsp");
        RunResult r = Run([missing]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal($"wild: error: cannot find {missing}: No such file or directory" + Environment.NewLine, r.Stderr);
        Assert.Null(r.Linked);
    }

    [Fact]
    public void ResponseFileOptionsReachTheEngine()
    {
        using var dir = new TempDir();
        string rsp = dir.Write("args.rsp", "-o 'my out' -pie\nx.o");
        RunResult r = Run(["@" + rsp]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("my out", r.Linked!.OutputPath);
        Assert.Equal(OutputKind.Pie, r.Linked.Kind);
        Assert.Equal([FileInput("x.o")], r.Linked.Inputs);
    }

    [Fact]
    public void EngineWarningsAndInfoArePrinted()
    {
        RunResult r = Run(["x.o"], (o, d, _) =>
        {
            d.Warn("section .foo ignored");
            d.Info("x.o: definition of main");
            return new LinkResult(o.OutputPath, 10, 0x401000, o.Kind, []);
        });
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("wild: warning: section .foo ignored" + Environment.NewLine, r.Stderr);
        Assert.Equal("x.o: definition of main" + Environment.NewLine, r.Stdout);
    }

    [Fact]
    public void LinkErrorPrintsFullMessageAndSiblings()
    {
        RunResult r = Run(["x.o"], (_, _, _) =>
        {
            var second = new LinkException(ErrorId.UndefinedSymbol, "undefined symbol: bar").WithContext(">>> referenced by x.o:(.text+0x8)");
            throw new LinkException(ErrorId.UndefinedSymbol, "undefined symbol: foo") { Siblings = [second] }
                .WithContext(">>> referenced by x.o:(.text+0x1)");
        });
        Assert.Equal(1, r.ExitCode);
        Assert.Equal(
            "wild: error: undefined symbol: foo\n>>> referenced by x.o:(.text+0x1)" + Environment.NewLine +
            "wild: error: undefined symbol: bar\n>>> referenced by x.o:(.text+0x8)" + Environment.NewLine, r.Stderr);
    }

    [Fact]
    public void AnyOtherExceptionIsAnInternalErrorNotACrash()
    {
        RunResult r = Run(["x.o"], (_, _, _) => throw new InvalidOperationException("shard 3 not filled"));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: internal error: InvalidOperationException: shard 3 not filled" + Environment.NewLine, r.Stderr);
    }

    [Fact]
    public void TheCurrentEngineStubFailsCleanly()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliRunner.Run([Path.Combine(AppContext.BaseDirectory, "nothing.o")], stdout, stderr, Linker.Link);
        Assert.Equal(1, code);
        Assert.StartsWith("wild: error: ", stderr.ToString());
    }

    [Fact]
    public void CancellationIsReported()
    {
        RunResult r = Run(["x.o"], (_, _, _) => throw new OperationCanceledException());
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: link cancelled" + Environment.NewLine, r.Stderr);
    }

    [Fact]
    public void TimePrintsEachPhaseAndTotalToStderr()
    {
        PhaseTiming[] timings =
        [
            new("open inputs", TimeSpan.FromMilliseconds(1.5), TimeSpan.FromMilliseconds(2.5), 3 << 20),
            new("write", TimeSpan.FromMilliseconds(2.25), TimeSpan.FromMilliseconds(2), 1 << 19),
        ];
        RunResult r = Run(["--time", "x.o"], (o, _, _) => new LinkResult(o.OutputPath, 0, 0, o.Kind, timings));
        Assert.Equal(0, r.ExitCode);
        Assert.True(r.Linked!.PrintTimings);
        string[] lines = r.Stderr.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "wild: time:      1.500 ms      2.500 ms cpu      3.0 MiB  open inputs",
            "wild: time:      2.250 ms      2.000 ms cpu      0.5 MiB  write",
            "wild: time:      3.750 ms      4.500 ms cpu      3.5 MiB  total",
        ], lines[..3]);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^wild: gc: \d+ gen0, \d+ gen1, \d+ gen2; [0-9.]+ MiB allocated, [0-9.]+ ms paused$", lines[3]);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void WithoutTimeNothingIsPrinted()
    {
        RunResult r = Run(["x.o"], (o, _, _) => new LinkResult(o.OutputPath, 0, 0, o.Kind, [new("write", TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1))]));
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void FatalWarningsFailTheLinkAndRemoveTheOutput()
    {
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "a.out");
        RunResult r = Run(["--fatal-warnings", "-o", output, "x.o"], (o, d, _) =>
        {
            File.WriteAllText(o.OutputPath, "elf");
            d.Warn("text relocation in x.o");
            return new LinkResult(o.OutputPath, 3, 0, o.Kind, []);
        });
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: text relocation in x.o" + Environment.NewLine, r.Stderr);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void FatalWarningsAlsoCoverParseWarnings()
    {
        RunResult r = Run(["--fatal-warnings", "-z", "bogus", "x.o"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: -z bogus ignored" + Environment.NewLine, r.Stderr);
        Assert.Null(r.Linked);
    }
}
