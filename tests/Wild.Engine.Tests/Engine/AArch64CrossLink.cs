// The prelude every AArch64 differential test shares: a scratch folder, links of the same inputs by a cross driver
// (aarch64-linux-gnu-gcc/g++, or rustc with that gcc as its linker) once through wild (`-B dist/`) and once with
// the cross GNU ld, runs of both programs under qemu-user, and the comparison: GNU ld's program must give the
// expected output (so a broken reference fails, not passes) and wild's the same stdout and exit code.
// What each test checks beyond that (relocations, segments, properties) stays in the test.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

internal sealed class AArch64CrossLink : IDisposable
{
    public const string Gcc = "aarch64-linux-gnu-gcc";
    public const string Gxx = "aarch64-linux-gnu-g++";

    public Scratch Dir { get; } = new();

    /// <summary>dist/ with a trailing slash, for `-B`: the driver then runs dist/ld, which is wild.</summary>
    public string Bin { get; } = CorpusCatalog.RequireDist().TrimEnd('/') + "/";

    public string PathOf(string name) => Dir.PathOf(name);

    public string Write(string name, string text) => Dir.Write(name, text);

    /// <summary>Runs a cross tool in the scratch folder; the test fails with its output unless it exits 0.</summary>
    public ProcessResult Run(string tool, params string[] args) => Tools.Run(tool, Dir.Dir, args);

    /// <summary>Links the same arguments twice with <paramref name="driver"/>: into <paramref name="wild"/> through
    /// wild (<paramref name="wildArgs"/>, by default `-B dist/`), into <paramref name="gnu"/> with the cross GNU ld.
    /// Outputs are relative to the scratch folder; a folder in their path is made. Returns wild's link.</summary>
    public ProcessResult LinkBoth(string driver, string[] args, string wild = "wild", string gnu = "gnu", string[]? wildArgs = null)
    {
        foreach (string output in new[] { wild, gnu })
            Directory.CreateDirectory(Path.GetDirectoryName(PathOf(output))!);
        var ours = Run(driver, [.. wildArgs ?? ["-B", Bin], .. args, "-o", wild]);
        Run(driver, [.. args, "-o", gnu]);
        return ours;
    }

    /// <summary>Runs a program of the scratch folder under qemu-user (AArch64Toolchain.Run).</summary>
    public ProcessResult Exec(string program, string? libraryPath = null, string? cpu = null) =>
        AArch64Toolchain.Run(PathOf(program), libraryPath is null ? null : PathOf(libraryPath), cpu);

    /// <summary>Runs GNU ld's program and wild's under qemu-user and compares them: GNU ld's must exit with
    /// <paramref name="exitCode"/> and print <paramref name="expected"/> (when given), wild's must print the same
    /// stdout with the same exit code. Stderr is not compared (thread ids, backtraces' addresses).</summary>
    public (ProcessResult Gnu, ProcessResult Wild) AssertSameRun(string? expected, int exitCode = 0, string gnu = "gnu", string wild = "wild",
        string? libraryPath = null, string? cpu = null, string? wildLibraryPath = null)
    {
        var theirs = Exec(gnu, libraryPath, cpu);
        var ours = Exec(wild, wildLibraryPath ?? libraryPath, cpu);
        Assert.False(theirs.TimedOut, "GNU ld's program timed out:\n" + theirs.Describe());
        Assert.True(theirs.ExitCode == exitCode && (expected is null || theirs.Stdout == expected),
            $"GNU ld's program (the reference) did not give the expected {(expected is null ? "" : $"'{expected}' and ")}exit {exitCode}:\n{theirs.Describe()}");
        Assert.True(!ours.TimedOut && ours.ExitCode == theirs.ExitCode && ours.Stdout == theirs.Stdout,
            $"wild's program differs from GNU ld's:\nGNU ld: exit {theirs.ExitCode}\n{theirs.Stdout}\nwild:\n{ours.Describe()}");
        return (theirs, ours);
    }

    public void Dispose() => Dir.Dispose();
}
