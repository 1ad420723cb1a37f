// The load test of issue 7: 10,000 generated objects defining a million symbols link through the `wild`
// command, the program runs, and links with 1, 2 and 8 threads are byte-identical. Time and peak memory
// are reported (test output and TestResults/load-test.txt), never asserted: speed belongs to the bench.
using System.Globalization;
using Wild.Engine.Tests.Corpus;
using Wild.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Wild.Engine.Tests.Engine;

public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Objects = 10_000, FunctionsPerObject = 100;

    [Fact]
    public void TenThousandObjectsAndAMillionSymbolsLinkDeterministically()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        var inputs = SyntheticObjects.WriteCallChains(dir.PathOf("in"), Objects, FunctionsPerObject);
        // A response file: 10,000 paths would make a long command line.
        string rsp = dir.Write("inputs.rsp", string.Join('\n', inputs));
        var report = new List<string> { $"{Objects} objects, {Objects * FunctionsPerObject} global functions, {Objects * FunctionsPerObject} relocations" };
        byte[]? first = null;
        foreach (int threads in (int[])[1, 2, 8])
        {
            string exe = dir.PathOf($"load-{threads}");
            // /usr/bin/time reports the linker's own peak RSS (%M, KiB) and wall time (%e).
            var r = ProcessRunner.Run("/usr/bin/time", ["-f", "%e %M", Path.Combine(dist, "wild"), "-static", "-e", "_start",
                $"--threads={threads}", "@" + rsp, "-o", exe], dir.Dir, TimeSpan.FromMinutes(5));
            Assert.True(r.ExitCode == 0, r.Describe());
            string[] figures = r.Stderr.Trim().Split('\n')[^1].Split(' ');
            double seconds = double.Parse(figures[0], CultureInfo.InvariantCulture);
            double mib = double.Parse(figures[1], CultureInfo.InvariantCulture) / 1024;
            report.Add($"--threads={threads}: {seconds:F2} s, peak RSS {mib:F0} MiB, output {new FileInfo(exe).Length / 1024} KiB");
            byte[] bytes = File.ReadAllBytes(exe);
            if (first is null)
            {
                first = bytes;
                var run = ProcessRunner.Run(exe, [], dir.Dir, TimeSpan.FromMinutes(1));
                Assert.True(run.ExitCode == 42, $"the generated program must walk every call chain and exit 42:\n{run.Describe()}");
            }
            else
                Assert.True(first.AsSpan().SequenceEqual(bytes),
                    $"--threads=1 and --threads={threads} outputs differ at offset 0x{first.AsSpan().CommonPrefixLength(bytes):x}");
        }
        foreach (string line in report) output.WriteLine(line);
        string results = Path.Combine(CorpusPaths.RepoRoot, "TestResults");
        Directory.CreateDirectory(results);
        File.WriteAllLines(Path.Combine(results, "load-test.txt"), report);
    }
}
