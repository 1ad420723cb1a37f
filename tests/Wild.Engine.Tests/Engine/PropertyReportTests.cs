// -z cet-report= and -z lam-*-report=: each input without the IBT, SHSTK, LAM_U48 or LAM_U57 property is named,
// as a warning or an error that fails the link, for the properties -z ibt/shstk/lam-u48/lam-u57 do not force.
// GNU ld's report lines (file, warning or error, what is missing) are the expectation; wild links in-process.
using System.Text.RegularExpressions;
using Wild.Cli.CommandLine;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Engine;

public sealed class PropertyReportTests
{
    // An object with code and no .note.gnu.property, one with IBT and SHSTK (and no LAM).
    private const string Bare = ".text\n.globl _start\n_start:\n ret\n";
    private const string Cet = """
        .text
        .globl helper
        helper:
         ret
        .section .note.gnu.property,"a"
        .p2align 3
        .long 4, 16, 5
        .asciz "GNU"
        .long 0xc0000002, 4, 3, 0
        """;

    [Theory]
    [InlineData("cet-report=warning")]
    [InlineData("cet-report=error")]
    [InlineData("ibt", "cet-report=warning")]
    [InlineData("shstk", "cet-report=error")]
    [InlineData("lam-u48-report=warning")]
    [InlineData("lam-u57-report=error")]
    [InlineData("lam-report=warning")]
    [InlineData("lam-report=error")]
    [InlineData("lam-u57", "lam-report=warning")]
    [InlineData("lam-u48", "lam-report=error")]
    [InlineData("lam-report=warning", "lam-report=none")]
    public void InputsWithoutThePropertyAreReportedAsGnuLdReportsThem(params string[] keywords)
    {
        using var dir = new Scratch();
        string bare = Tools.Assemble(dir, "bare", Bare), cet = Tools.Assemble(dir, "cet", Cet);
        string[] args = [.. keywords.SelectMany(k => new[] { "-z", k }), "bare.o", "cet.o"];
        var gnu = Corpus.ProcessRunner.Run("ld", [.. args, "-o", "out.gnu"], dir.Dir, TimeSpan.FromMinutes(1));
        var expected = Regex.Matches(gnu.Stderr, @"^ld: (\S+): (warning|error): (missing .*)$", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value}: {m.Groups[2].Value}: {m.Groups[3].Value}").ToList();

        var bag = new DiagnosticBag();
        var options = ArgumentParser.Parse([.. keywords.SelectMany(k => new[] { "-z", k }), bare, cet, "-o", dir.PathOf("out.wild")]).Options;
        var actual = new List<string>();
        try
        {
            Linker.Link(options, bag);
            Assert.Equal(0, gnu.ExitCode);
        }
        catch (LinkException e)
        {
            Assert.NotEqual(0, gnu.ExitCode);
            actual.AddRange(new[] { e }.Concat(e.Siblings).Select(x => "error: " + x.Message));
        }
        actual.InsertRange(0, bag.Items.Where(d => d.Kind == DiagnosticKind.Warning).Select(d => "warning: " + d.Message));
        // wild names the input by the path it was given; GNU ld here by the name on its command line.
        var normalized = actual.Select(line => Regex.Replace(line, @"^(warning|error): \S*/(\S+): (missing .*)$", "$2: $1: $3")).ToList();
        Assert.Equal(expected.Order(StringComparer.Ordinal), normalized.Order(StringComparer.Ordinal));
        // The fixture reports something unless -z lam-u48 forces both LAM bits or the last report level is none.
        Assert.Equal(!keywords.Contains("lam-u48") && !keywords[^1].EndsWith("=none", StringComparison.Ordinal), expected.Count > 0);
    }

    [Fact]
    public void AnUnknownReportLevelIsRefusedAsGnuLdRefusesIt() =>
        Assert.Contains("invalid option for -z lam-u57-report=: bad",
            Assert.Throws<CommandLineException>(() => ArgumentParser.Parse(["-z", "lam-u57-report=bad", "x.o"])).Message);
}
