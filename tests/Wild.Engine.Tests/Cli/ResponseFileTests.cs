// @file expansion: GNU (libiberty) quoting, nesting, the depth limit, cycles, unterminated quotes, and
// the GNU rule that an unreadable @file stays a literal argument.
using Wild.Cli.CommandLine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class ResponseFileTests
{
    [Fact]
    public void QuotingMatchesLdBfd()
    {
        // The same text ld.bfd 2.40 was given on this machine; it reported the inputs
        // "a b", c"d, "e f", g'h, "" and "x\n".
        string text = "'a b' \"c\\\"d\" e\\ f 'g\\'h' '' x\\\n";
        Assert.Equal(["a b", "c\"d", "e f", "g'h", "", "x\n"], ResponseFiles.Split(text));
    }

    [Fact]
    public void WhitespaceOfAnyKindSeparates() =>
        Assert.Equal(["-o", "out", "a.o", "b.o"], ResponseFiles.Split("  -o\tout\r\na.o\n\n b.o  "));

    [Fact]
    public void QuotesJoinWithNeighbours() =>
        Assert.Equal(["--defsym=a=b c", "x'y"], ResponseFiles.Split("--defsym='a=b c' \"x'y\""));

    [Fact]
    public void EmptyFileGivesNoArguments() => Assert.Empty(ResponseFiles.Split(""));

    [Theory]
    [InlineData("'abc", "single quote starting at offset 0")]
    [InlineData("a \"b c", "double quote starting at offset 2")]
    public void UnterminatedQuoteIsAnError(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<CommandLineException>(() => ResponseFiles.Split(text)).Message);

    [Fact]
    public void ExpandsInPlaceAndNests()
    {
        using var dir = new TempDir();
        string inner = dir.Write("inner.rsp", "-lm 'with space.o'");
        string outer = dir.Write("outer.rsp", $"-o out @{inner} b.o");
        Assert.Equal(["a.o", "-o", "out", "-lm", "with space.o", "b.o", "c.o"], ResponseFiles.Expand(["a.o", "@" + outer, "c.o"]));
    }

    [Fact]
    public void MissingFileStaysLiteralLikeGnu()
    {
        using var dir = new TempDir();
        string missing = Path.Combine(dir.Path, "nope.rsp");
        Assert.Equal(["-o", "@" + missing], ResponseFiles.Expand(["-o", "@" + missing]));
    }

    [Fact]
    public void MissingFileInsideAResponseFileStaysLiteral()
    {
        using var dir = new TempDir();
        string rsp = dir.Write("a.rsp", "@does-not-exist.rsp x.o");
        Assert.Equal(["@does-not-exist.rsp", "x.o"], ResponseFiles.Expand(["@" + rsp]));
    }

    [Fact]
    public void AtSignAloneIsLiteral() => Assert.Equal(["@"], ResponseFiles.Expand(["@"]));

    [Fact]
    public void OutputNamedWithAtSignWorks()
    {
        // GNU keeps "@out" when no file "out" exists, so "-o @out" names the output "@out".
        using var dir = new TempDir();
        string name = "@" + Path.Combine(dir.Path, "out");
        Assert.Equal(name, Options(ResponseFiles.Expand(["-o", name, "x.o"]).ToArray()).OutputPath);
    }

    [Fact]
    public void SelfInclusionIsAnError()
    {
        using var dir = new TempDir();
        string self = Path.Combine(dir.Path, "self.rsp");
        File.WriteAllText(self, $"a.o @{self}");
        string message = Assert.Throws<CommandLineException>(() => ResponseFiles.Expand(["@" + self])).Message;
        Assert.StartsWith($"response file {self} includes itself", message);
    }

    [Fact]
    public void IndirectCycleIsAnError()
    {
        using var dir = new TempDir();
        string a = Path.Combine(dir.Path, "a.rsp");
        string b = Path.Combine(dir.Path, "b.rsp");
        File.WriteAllText(a, $"@{b}");
        File.WriteAllText(b, $"@{a}");
        string message = Assert.Throws<CommandLineException>(() => ResponseFiles.Expand(["@" + a])).Message;
        Assert.Equal($"response file {a} includes itself: {a} -> {b} -> {a}", message);
    }

    [Fact]
    public void TheSameFileTwiceSideBySideIsNotACycle()
    {
        using var dir = new TempDir();
        string f = dir.Write("f.rsp", "-lm");
        Assert.Equal(["-lm", "-lm"], ResponseFiles.Expand(["@" + f, "@" + f]));
    }

    [Fact]
    public void DepthLimitIsTen()
    {
        using var dir = new TempDir();
        // chain[0] names chain[1] ... chain[n-1] holds "leaf.o".
        string Chain(int n)
        {
            string next = dir.Write($"d{n}-{n - 1}.rsp", "leaf.o");
            for (int i = n - 2; i >= 0; i--)
                next = dir.Write($"d{n}-{i}.rsp", "@" + next);
            return next;
        }

        Assert.Equal(["leaf.o"], ResponseFiles.Expand(["@" + Chain(ResponseFiles.MaxDepth)]));
        string message = Assert.Throws<CommandLineException>(() => ResponseFiles.Expand(["@" + Chain(ResponseFiles.MaxDepth + 1)])).Message;
        Assert.Contains("nested more than 10 deep", message);
    }

    [Fact]
    public void UnterminatedQuoteErrorNamesTheFile()
    {
        using var dir = new TempDir();
        string f = dir.Write("bad.rsp", "-o 'out");
        string message = Assert.Throws<CommandLineException>(() => ResponseFiles.Expand(["@" + f])).Message;
        Assert.Equal($"response file {f}: unterminated single quote starting at offset 3", message);
    }

    [Fact]
    public void GccStyleResponseFileParsesLikeTheCommandLine()
    {
        // collect2 writes one argument per line and escapes spaces: "-o out\ dir".
        string path = Path.Combine(AppContext.BaseDirectory, "Cli", "Argv", "gcc-response-file.rsp");
        ParsedCommandLine p = Parse(ResponseFiles.Expand(["@" + path]).ToArray());
        Assert.Equal("out dir", p.Options.OutputPath);
        Assert.Equal(Wild.Engine.OutputKind.Pie, p.Options.Kind);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", p.Options.DynamicLinker);
    }
}
