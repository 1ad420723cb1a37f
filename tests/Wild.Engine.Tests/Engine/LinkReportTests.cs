// The reporting options end to end, in process: gcc compiles a small program whose helper lives in an
// archive, a logging `ld` records gcc's argv with -Map/--why-extract/-t/-y/--dependency-file/--cref added
// through -Wl, and that argv runs through wild's own command line (CliRunner) into Linker.Link. Checks the
// content of each report and that reports and output are the same with one thread and with many.
using Wild.Cli;
using Wild.Engine.Diagnostics;
using Wild.Engine.Reports;

namespace Wild.Engine.Tests.Engine;

public sealed class LinkReportTests
{
    private const string MainC = """
        #include <stdio.h>
        int helper(int);
        int unused_function(int x) { return x * 3; }
        int main(void) { printf("%d\n", helper(20)); return 0; }
        """;

    private const string HelperC = "int helper(int x) { return x + 22; }\n";
    private const string OtherC = "int other_function(int x) { return x - 1; }\n";

    /// <summary>main.o plus libh.a (helper.o, other.o) in <paramref name="dir"/>; returns gcc's ld argv with the extra -Wl options.</summary>
    private static string[] CaptureArgv(Scratch dir, string output, params string[] wl)
    {
        string main = Tools.CompileC(dir, "main", MainC, "-ffunction-sections");
        string helper = Tools.CompileC(dir, "helper", HelperC, "-ffunction-sections");
        string other = Tools.CompileC(dir, "other", OtherC, "-ffunction-sections");
        if (!File.Exists(dir.PathOf("libh.a")))
            Tools.Run("ar", dir.Dir, ["rcs", dir.PathOf("libh.a"), helper, other]);
        string capture = dir.PathOf("capture-" + Guid.NewGuid().ToString("N"));
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(capture);
        var extra = wl.Length == 0 ? [] : new[] { "-Wl," + string.Join(',', wl) };
        Tools.Run("gcc", dir.Dir, ["-B" + capture + "/", "-static", main, "-L" + dir.Dir, "-lh", .. extra, "-o", output]);
        return File.ReadAllText(argsFile).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    private static (int Code, string Stdout, string Stderr) RunWild(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliRunner.Run(args, stdout, stderr, Linker.Link);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void ReportsDescribeTheArchiveMemberAndTheGcSections()
    {
        using var dir = new Scratch();
        string output = dir.PathOf("app");
        var argv = CaptureArgv(dir, output, "--gc-sections", "-Map=" + dir.PathOf("app.map"), "--cref",
            "--why-extract=" + dir.PathOf("why.tsv"), "--dependency-file=" + dir.PathOf("app.d"), "-t", "-y", "helper");
        var (code, stdout, stderr) = RunWild(argv);
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("not implemented", stderr);
        Tools.AssertRuns(output, 0, "42\n");

        string member = dir.PathOf("libh.a") + "(helper.o)";
        // --why-extract: lld's TSV, the reference first.
        var why = File.ReadAllLines(dir.PathOf("why.tsv"));
        Assert.Equal("reference\textracted\tsymbol", why[0]);
        Assert.Contains($"{dir.PathOf("main.o")}\t{member}\thelper", why);
        Assert.DoesNotContain(why, l => l.Contains("other.o", StringComparison.Ordinal));

        // -Map: .text holds main.o's and the member's functions, with their symbols; gc's victims are listed.
        string map = File.ReadAllText(dir.PathOf("app.map"));
        var lines = map.Split('\n');
        int text = Array.FindIndex(lines, l => l.EndsWith(" .text", StringComparison.Ordinal));
        Assert.True(text > 0, map[..Math.Min(map.Length, 2000)]);
        Assert.StartsWith("             VMA              LMA     Size Align Out", lines[0]);
        int mainSection = Array.FindIndex(lines, l => l.EndsWith(dir.PathOf("main.o") + ":(.text.main)", StringComparison.Ordinal));
        int helperSection = Array.FindIndex(lines, l => l.EndsWith(member + ":(.text.helper)", StringComparison.Ordinal));
        Assert.True(mainSection > text && helperSection > text, "main.o and the member are under .text");
        Assert.EndsWith(" main", lines[mainSection + 1]);
        Assert.EndsWith(" helper", lines[helperSection + 1]);
        Assert.DoesNotContain("other.o", map);
        int removed = Array.IndexOf(lines, "Input sections removed by --gc-sections");
        Assert.True(removed > helperSection);
        Assert.Contains(lines[removed..], l => l.EndsWith(dir.PathOf("main.o") + ":(.text.unused_function)", StringComparison.Ordinal));
        Assert.Contains("Cross Reference Table", map);
        Assert.Contains(lines, l => l.StartsWith("helper ", StringComparison.Ordinal) && l.EndsWith(member, StringComparison.Ordinal));

        // --dependency-file: the output depends on every input read, each with a phony rule.
        var dep = File.ReadAllText(dir.PathOf("app.d"));
        Assert.StartsWith(output + ": \\\n", dep);
        Assert.Contains("  " + dir.PathOf("libh.a") + " \\\n", dep);
        Assert.Contains("\n" + dir.PathOf("main.o") + ":\n", dep);
        Assert.Contains("\n" + dir.PathOf("libh.a") + ":\n", dep);
        Assert.Contains("libc.a", dep);

        // -y: GNU wording, reference before definition (load order).
        var outLines = stdout.Split('\n');
        int reference = Array.IndexOf(outLines, $"{dir.PathOf("main.o")}: reference to helper");
        int definition = Array.IndexOf(outLines, $"{member}: definition of helper");
        Assert.True(reference >= 0 && definition > reference, stdout);

        // -t: every loaded file in load order, members as lib.a(member.o).
        int crt1 = Array.FindIndex(outLines, l => l.EndsWith("/crt1.o", StringComparison.Ordinal));
        int mainObj = Array.IndexOf(outLines, dir.PathOf("main.o"));
        int helperObj = Array.IndexOf(outLines, member);
        Assert.True(crt1 >= 0 && crt1 < mainObj && mainObj < helperObj, stdout);
        Assert.Contains(outLines, l => l.Contains("libc.a(", StringComparison.Ordinal));
        Assert.DoesNotContain(outLines, l => l.Contains("other.o", StringComparison.Ordinal));
    }

    [Fact]
    public void PrintMapWritesTheMapToStandardOutput()
    {
        using var dir = new Scratch();
        string output = dir.PathOf("app");
        var (code, stdout, stderr) = RunWild(CaptureArgv(dir, output, "-M", "--why-extract=-"));
        Assert.True(code == 0, stderr);
        Assert.Contains(dir.PathOf("main.o") + ":(.text.main)", stdout);
        Assert.Contains("reference\textracted\tsymbol\n", stdout);
        Assert.Contains($"\t{dir.PathOf("libh.a")}(helper.o)\thelper\n", stdout);
    }

    [Fact]
    public void CrossReferenceWithoutAMapGoesToStandardOutput()
    {
        using var dir = new Scratch();
        var (code, stdout, stderr) = RunWild(CaptureArgv(dir, dir.PathOf("app"), "--cref"));
        Assert.True(code == 0, stderr);
        Assert.StartsWith("Cross Reference Table\n", stdout);
        var lines = stdout.Split('\n');
        int helper = Array.FindIndex(lines, l => l.StartsWith("helper ", StringComparison.Ordinal));
        Assert.True(helper > 0, stdout);
        // The defining member first, then the file that refers to it.
        Assert.EndsWith(dir.PathOf("libh.a") + "(helper.o)", lines[helper]);
        Assert.Equal(new string(' ', 40) + dir.PathOf("main.o"), lines[helper + 1]);
    }

    [Fact]
    public void ReportsAndOutputAreTheSameWithOneThreadAndMany()
    {
        using var dir = new Scratch();
        string Run(string name, string threads)
        {
            var argv = CaptureArgv(dir, dir.PathOf(name), threads, "--gc-sections", "-Map=" + dir.PathOf(name + ".map"), "--cref",
                "--why-extract=" + dir.PathOf(name + ".why"), "-t", "-y", "printf");
            var (code, stdout, stderr) = RunWild(argv);
            Assert.True(code == 0, stderr);
            return stdout;
        }
        string one = Run("one", "--threads=1");
        string many = Run("many", "--threads=4");
        Assert.Equal(one, many);
        Assert.Equal(File.ReadAllText(dir.PathOf("one.map")), File.ReadAllText(dir.PathOf("many.map")));
        Assert.Equal(File.ReadAllText(dir.PathOf("one.why")), File.ReadAllText(dir.PathOf("many.why")));
        Assert.Equal(File.ReadAllBytes(dir.PathOf("one")), File.ReadAllBytes(dir.PathOf("many")));
    }

    [Fact]
    public void CollectLinkMapKeepsTheModelInTheResult()
    {
        using var dir = new Scratch();
        string output = dir.PathOf("app");
        var options = Support.LdArgvCapture.Parse(WriteArgs(dir, CaptureArgv(dir, output, "--gc-sections"))) with { CollectLinkMap = true };
        var result = Linker.Link(options, new DiagnosticBag());
        var map = Assert.IsType<LinkMap>(result.LinkMap);
        var helper = Assert.Single(map.InputSections, s => s.InputSection == ".text.helper");
        Assert.Equal(".text", helper.OutputSection);
        Assert.Equal("helper.o", helper.Member);
        Assert.Equal("helper", helper.PulledInBy);
        Assert.Contains(helper.Symbols, s => s.Name == "helper" && s.IsGlobal && s.Address == helper.Address);
        var gone = Assert.Single(map.DiscardedSections, s => s.InputSection == ".text.unused_function");
        Assert.Equal(LinkMapDiscard.GarbageCollected, gone.Discarded);
        Assert.Null(gone.OutputSection);
        Assert.Contains(map.ArchiveMembers, m => m.Member == "helper.o" && m.Symbol == "helper" && m.ReferencedBy == dir.PathOf("main.o"));
        // Without the flag (and no -Map), no map is built.
        Assert.Null(Linker.Link(options with { CollectLinkMap = false }, new DiagnosticBag()).LinkMap);
    }

    [Fact]
    public void DependencyFileQuotesLikeMake()
    {
        string text = DependencyFile.Render("out put", ["a b.o", "x#1.o", "$lib.a", "a b.o"]);
        Assert.Equal("out\\ put: \\\n  a\\ b.o \\\n  x\\#1.o \\\n  $$lib.a\n\na\\ b.o:\n\nx\\#1.o:\n\n$$lib.a:\n", text);
    }

    private static string WriteArgs(Scratch dir, string[] argv)
    {
        string path = dir.PathOf("argv-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, string.Join('\0', argv) + "\0");
        return path;
    }
}
