// -z cet-report=none|warning|error (binutils property-x86-cet2b..4b): GNU ld names each object whose x86 feature
// property lacks IBT or SHSTK, as a warning or an error that fails the link. Wild used to ignore the option, so a
// build that asked to fail on objects without CET linked anyway. Each link is made by ld.bfd and by dist/wild.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class CetReportTests
{
    private static (string Full, string Branch, string Bare) Objects(Scratch dir) => (
        Tools.CompileC(dir, "full", "int full(void) { return 1; }", "-fcf-protection=full"),
        Tools.CompileC(dir, "branch", "int branch(void) { return 2; }", "-fcf-protection=branch"),
        Tools.Assemble(dir, "bare", ".text\n.globl _start\n_start:\n ret\n.section .note.GNU-stack,\"\",@progbits\n"));

    private static ProcessResult Link(Scratch dir, string linker, params string[] args) =>
        ProcessRunner.Run(linker, args, dir.Dir, TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData("error", false)]
    [InlineData("error", true)]
    [InlineData("warning", false)]
    [InlineData("warning", true)]
    public void ObjectsWithoutIbtOrShstkAreNamedAsWithGnuLd(string report, bool relocatable)
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        var (full, branch, bare) = Objects(dir);
        string[] args = [.. relocatable ? new[] { "-r" } : [], "-z", "cet-report=" + report, full, branch, bare, "-o"];
        var gnu = Link(dir, "ld.bfd", [.. args, "ref"]);
        var ours = Link(dir, wild, [.. args, "wild"]);
        bool error = report == "error";
        Assert.Equal(error, gnu.ExitCode != 0);
        Assert.True(error ? ours.ExitCode != 0 : ours.ExitCode == 0, ours.Describe());
        Assert.Equal(!error, File.Exists(dir.PathOf("wild")));
        foreach (var r in new[] { gnu, ours })
        {
            Assert.DoesNotContain("full.o", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("branch.o: " + (r == gnu ? report + ": " : "") + "missing SHSTK property", r.Stderr, StringComparison.Ordinal);
            Assert.Contains("bare.o: " + (r == gnu ? report + ": " : "") + "missing IBT and SHSTK properties", r.Stderr, StringComparison.Ordinal);
        }
    }

    /// <summary>binutils property-x86-cet3b, 4b, 5b: with -r, a bit -z ibt / -z shstk forces is not reported missing.</summary>
    [Theory]
    [InlineData("ibt", "bare.o: {0}missing SHSTK property")]
    [InlineData("shstk", "bare.o: {0}missing IBT property")]
    public void ABitForcedByZIbtOrZShstkIsNotReported(string force, string expected)
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        var (_, _, bare) = Objects(dir);
        var gnu = Link(dir, "ld.bfd", "-r", "-z", "cet-report=error", "-z", force, bare, "-o", "ref.o");
        var ours = Link(dir, wild, "-r", "-z", "cet-report=error", "-z", force, bare, "-o", "wild.o");
        Assert.True(gnu.ExitCode != 0 && gnu.Stderr.Contains(string.Format(expected, "error: "), StringComparison.Ordinal), gnu.Describe());
        Assert.True(ours.ExitCode != 0 && ours.Stderr.Contains(string.Format(expected, ""), StringComparison.Ordinal), ours.Describe());
        var both = Link(dir, wild, "-r", "-z", "cet-report=error", "-z", "ibt", "-z", "shstk", bare, "-o", "both.o");
        Assert.True(both.ExitCode == 0 && both.Stderr.Length == 0, both.Describe());
    }

    [Fact]
    public void NoneReportsNothing()
    {
        string wild = Path.Combine(CorpusCatalog.RequireDist(), "wild");
        using var dir = new Scratch();
        var (full, branch, bare) = Objects(dir);
        var ours = Link(dir, wild, "-z", "cet-report=none", full, branch, bare, "-o", "wild");
        Assert.True(ours.ExitCode == 0 && ours.Stderr.Length == 0, ours.Describe());
        var bad = Link(dir, wild, "-z", "cet-report=loud", bare, "-o", "bad");
        Assert.True(bad.ExitCode != 0 && bad.Stderr.Contains("invalid option for -z cet-report=: loud", StringComparison.Ordinal), bad.Describe());
    }
}
