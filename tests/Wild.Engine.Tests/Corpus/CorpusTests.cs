using Xunit;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// The differential program corpus (tests/programs/): every (case, mode) is linked by GNU ld and by
/// Wild through <c>gcc -B &lt;dist&gt;/</c>; both programs must print the same and exit the same, and
/// Wild's output must be structurally sound.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in CorpusCatalog.Selected())
            foreach (var m in c.Modes)
                data.Add(c.Name, CorpusCase.ModeName(m));
        return data;
    }

    [Fact]
    public void CorpusIsWellFormed()
    {
        var cases = CorpusCatalog.All(); // throws with file:line on a malformed case.txt
        Assert.True(cases.Count >= 45, $"expected at least 45 corpus cases, found {cases.Count}");
        foreach (var c in cases.Where(c => c.IsNegative))
            Assert.True(c.ExpectExit == 1, $"{c.Name}: a negative case must say ExpectExit: 1");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Program(string caseName, string mode) => Check(caseName, mode, aarch64: false);

    /// <summary>Builds, links and runs one (case, mode), natively or in the AArch64 column (CorpusAArch64Tests).</summary>
    internal static void Check(string caseName, string mode, bool aarch64)
    {
        string dist = CorpusCatalog.RequireDist();
        var c = CorpusCatalog.Get(caseName);
        using var build = new CorpusBuild(c, CorpusCatalog.ParseMode(mode), aarch64);
        try
        {
            build.Compile();
            if (c.IsNegative)
                CheckNegative(build, dist);
            else
                CheckPositive(build, dist);
        }
        catch
        {
            build.Keep();
            throw;
        }
    }

    private static void CheckPositive(CorpusBuild build, string dist)
    {
        var c = build.Case;
        build.Require(build.Link("ref/prog", distDir: null), "GNU ld link (reference)");
        build.Require(build.Link("wild/prog", dist), "Wild link");
        build.SnapshotWildOutputs();

        var expected = build.RunProgram("ref/prog");
        if (expected.TimedOut || expected.ExitCode != c.ExpectExit)
            throw new CorpusFailure($"the GNU ld reference exited {expected.ExitCode}, the case expects {c.ExpectExit}", build);
        var actual = build.RunProgram("wild/prog");
        if (actual.TimedOut)
            throw new CorpusFailure("Wild's program timed out", build);
        if (actual.ExitCode != expected.ExitCode)
            throw new CorpusFailure($"exit code {actual.ExitCode}, GNU ld's program exits {expected.ExitCode}", build);
        if (actual.Stdout != expected.Stdout)
            throw new CorpusFailure("stdout differs from GNU ld's program", build);

        var problems = ElfStructure.Check(Path.Combine(build.WorkDir, "wild/prog"), Path.Combine(build.WorkDir, "ref/prog"),
            build.Mode, build.AArch64 ? ELFSharp.ELF.Machine.AArch64 : ELFSharp.ELF.Machine.AMD64);
        if (problems.Count > 0)
            throw new CorpusFailure("structure:\n  " + string.Join("\n  ", problems), build);

        // What the loader made of PT_GNU_RELRO: read-only at exit, for the program and Wild's libraries. A program
        // with no loader and no libc (-nostdlib, static) protects nothing: then GNU ld's is writable too. Under
        // qemu-user the maps ptrace would read are the emulator's, not the program's: AArch64 leaves this out.
        List<string> writable = build.AArch64 ? [] : RelroProtection.Check(build, "wild/prog", c.SharedLibs.Select(l => "wild/" + l.Name));
        if (writable.Count > 0 && RelroProtection.Check(build, "ref/prog", c.SharedLibs.Select(l => "ref/" + l.Name)).Count == 0)
            throw new CorpusFailure("relro at run time:\n  " + string.Join("\n  ", writable), build);

        if (c.SharedLibs.Count > 0)
        {
            // Each linker's libraries must serve the other linker's program.
            CheckMixed(build, "wild-lib/prog", programDist: null, libraryDist: dist, expected);
            CheckMixed(build, "wild-exe/prog", programDist: dist, libraryDist: null, expected);
        }
    }

    private static void CheckMixed(CorpusBuild build, string output, string? programDist, string? libraryDist, ProcessResult expected)
    {
        string who = programDist is null ? "a GNU ld program with Wild's libraries" : "a Wild program with GNU ld's libraries";
        build.Require(build.Link(output, programDist, libraryDist), $"link of {who}");
        var actual = build.RunProgram(output);
        if (actual.TimedOut || actual.ExitCode != expected.ExitCode || actual.Stdout != expected.Stdout)
            throw new CorpusFailure($"{who} does not behave like GNU ld's program (exit {actual.ExitCode})", build);
    }

    private static void CheckNegative(CorpusBuild build, string dist)
    {
        var c = build.Case;
        var reference = build.Link("ref/prog", distDir: null);
        if (reference.ExitCode == 0)
            throw new CorpusFailure("GNU ld accepted a link the case expects to fail", build);

        var wild = build.Link("wild/prog", dist);
        // The driver exits 1 for any linker failure; collect2 reports the linker's own status.
        if (wild.ExitCode != c.ExpectExit || !wild.Stderr.Contains("ld returned 1 exit status", StringComparison.Ordinal))
            throw new CorpusFailure($"the Wild link must fail with linker exit status 1 (driver exit {c.ExpectExit})", build);
        if (!c.ExpectError!.IsMatch(wild.Stderr))
            throw new CorpusFailure($"Wild's diagnostics do not match /{c.ExpectError}/", build);
        if (File.Exists(Path.Combine(build.WorkDir, "wild/prog")))
            throw new CorpusFailure("a failed link left an output file behind", build);
    }
}

/// <summary>
/// Thread-count determinism: links with <c>--threads=1</c>, 2 and 8 must be byte-identical. Runs only for
/// cases that say <c>Determinism: yes</c>.
/// </summary>
public sealed class CorpusDeterminismTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in CorpusCatalog.Selected().Where(c => c.Determinism && !c.IsNegative))
            foreach (var m in c.Modes)
                data.Add(c.Name, CorpusCase.ModeName(m));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ThreadCountDoesNotChangeOutput(string caseName, string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        var c = CorpusCatalog.Get(caseName);
        using var build = new CorpusBuild(c, CorpusCatalog.ParseMode(mode));
        try
        {
            build.Compile();
            build.Require(build.Link("t1/prog", dist, ["-Wl,--threads=1"]), "Wild link with --threads=1");
            byte[] one = File.ReadAllBytes(Path.Combine(build.WorkDir, "t1/prog"));
            // Two threads on this machine's cores, and eight: more workers than cores interleave differently.
            foreach (int threads in (int[])[2, 8])
            {
                build.Require(build.Link($"t{threads}/prog", dist, [$"-Wl,--threads={threads}"]), $"Wild link with --threads={threads}");
                byte[] many = File.ReadAllBytes(Path.Combine(build.WorkDir, $"t{threads}/prog"));
                if (!one.AsSpan().SequenceEqual(many))
                {
                    int at = one.AsSpan().CommonPrefixLength(many);
                    throw new CorpusFailure(
                        $"--threads=1 and --threads={threads} outputs differ: sizes {one.Length} and {many.Length}, first difference at offset 0x{at:x}", build);
                }
            }
        }
        catch
        {
            build.Keep();
            throw;
        }
    }
}

/// <summary>Loads tests/programs/*/case.txt once per test run.</summary>
public static class CorpusCatalog
{
    private static readonly Lazy<IReadOnlyList<CorpusCase>> s_all = new(() =>
        Directory.GetDirectories(CorpusPaths.ProgramsDir)
            .Where(d => File.Exists(Path.Combine(d, "case.txt")))
            .Order(StringComparer.Ordinal)
            .Select(CorpusCase.Load)
            .ToList());

    public static IReadOnlyList<CorpusCase> All() => s_all.Value;

    /// <summary>
    /// The cases the theories run: all of them, or those whose names match one of the comma-separated
    /// prefixes in <c>$WILD_CORPUS</c> (theory rows are not listed by the runner, so a filter cannot pick one).
    /// </summary>
    public static IEnumerable<CorpusCase> Selected()
    {
        string? only = Environment.GetEnvironmentVariable("WILD_CORPUS");
        if (string.IsNullOrWhiteSpace(only)) return All();
        var prefixes = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return All().Where(c => prefixes.Any(p => c.Name.StartsWith(p, StringComparison.Ordinal)));
    }

    public static CorpusCase Get(string name) => All().Single(c => c.Name == name);

    public static LinkMode ParseMode(string mode) => mode switch
    {
        "static" => LinkMode.Static,
        "static-pie" => LinkMode.StaticPie,
        "pie" => LinkMode.Pie,
        "no-pie" => LinkMode.NoPie,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// The dist directory, or a failure (never a skip): the build publishes dist before it tests,
    /// so a missing linker means the pipeline is broken, not that the test does not apply.
    /// </summary>
    public static string RequireDist()
    {
        string dist = CorpusPaths.DistDir;
        string ld = Path.Combine(dist, "ld");
        if (!File.Exists(ld))
            Assert.Fail(
                $"{ld} does not exist. The corpus links through `gcc -B {dist}/`, which needs the published " +
                "linker: run `dotnet pwsh ./build.ps1 publish` first, or set WILD_DIST to a directory holding `ld`.");
        return dist;
    }
}
