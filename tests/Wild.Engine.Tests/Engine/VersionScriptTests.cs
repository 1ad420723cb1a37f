// Version scripts and dynamic lists as GNU ld reads them: anonymous and named nodes, global/local scopes,
// wildcards and quoted exact names, dependencies, comments; and the errors for broken or unsupported
// syntax (each names the file and line). What the patterns do to a link is covered by the corpus.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Tests.Engine;

public sealed class VersionScriptTests
{
    private const string Path = "lib.map";

    private static LinkException Error(string text) => Assert.Throws<LinkException>(() => VersionScript.Parse(Path, text));

    [Fact]
    public void AnonymousNodeHasGlobalAndLocalPatterns()
    {
        var nodes = VersionScript.Parse(Path, "{ global: api_*; exact; local: *; };");
        var node = Assert.Single(nodes);
        Assert.Null(node.Name);
        Assert.Equal(["api_*", "exact"], node.Global.Select(p => p.Text));
        Assert.True(node.Global[0].IsGlob);
        Assert.False(node.Global[1].IsGlob);
        Assert.True(Assert.Single(node.Local).IsCatchAll);
    }

    [Fact]
    public void NamedNodesKeepOrderAndParents()
    {
        var nodes = VersionScript.Parse(Path, """
            # a comment
            LIB_1.0 { global: one; /* inline */ local: *; };
            LIB_2.0 { two; } LIB_1.0;
            LIB_3.0 { "three[x]"; } LIB_2.0 LIB_1.0;
            """);
        Assert.Equal(["LIB_1.0", "LIB_2.0", "LIB_3.0"], nodes.Select(n => n.Name));
        Assert.Empty(nodes[0].Parents);
        Assert.Equal(["LIB_1.0"], nodes[1].Parents);
        Assert.Equal(["LIB_2.0", "LIB_1.0"], nodes[2].Parents);
        // Patterns before any scope keyword are global; a quoted name is exact even with glob characters.
        Assert.Equal("two", Assert.Single(nodes[1].Global).Text);
        Assert.False(Assert.Single(nodes[2].Global).IsGlob);
    }

    [Fact]
    public void VersionCommandWrapperIsAccepted()
    {
        var nodes = VersionScript.Parse(Path, "VERSION { V1 { global: a; }; }");
        Assert.Equal("V1", Assert.Single(nodes).Name);
    }

    [Fact]
    public void ExternCppBlocksHoldDemangledPatterns()
    {
        var node = Assert.Single(VersionScript.Parse(Path, """
            V1 {
              global:
                c_name;
                extern "C++" {
                  "shapes::area(int)";
                  geometry::*
                };
                extern "C" { plain_c; };
              local: *;
            };
            """));
        Assert.Equal(["c_name", "shapes::area(int)", "geometry::*", "plain_c"], node.Global.Select(p => p.Text));
        Assert.Equal([false, true, true, false], node.Global.Select(p => p.IsCpp));
        Assert.False(node.Global[1].IsGlob); // quoted: exact, even with parentheses
        Assert.True(node.Global[2].IsGlob);
        Assert.True(node.Global[2].Matches("_ZN8geometry4lineEv"u8, "geometry::line()"));
        Assert.False(node.Global[2].Matches("_ZN8geometry4lineEv"u8, null));
    }

    [Fact]
    public void DynamicListReadsEveryPattern()
    {
        var list = VersionScript.ParseDynamicList(Path, "{ alpha; beta*; \"gamma\"; };");
        Assert.Equal(["alpha", "beta*", "gamma"], list.Select(p => p.Text));
    }

    [Theory]
    [InlineData("{ a; ", "missing '}'")]
    [InlineData("V1 { a; }", "the end of the file")]
    [InlineData("V2 { a; } V1;", "depends on 'V1'")]
    [InlineData("V1 { a; }; V1 { b; };", "defined twice")]
    [InlineData("{ a; }; V1 { b; };", "anonymous version node must be the only node")]
    [InlineData("V1 { extern \"Java\" { f; }; };", "not a language version scripts support")]
    [InlineData("/* never closed", "unterminated comment")]
    [InlineData("V1 { a b; };", "expected ';'")]
    public void BrokenScriptsAreRejectedWithFileAndLine(string text, string message)
    {
        var e = Error(text);
        Assert.Equal(ErrorId.MalformedLinkerScript, e.Id);
        Assert.StartsWith("lib.map:", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("foo*", "foobar", true)]
    [InlineData("foo*", "barfoo", false)]
    [InlineData("*bar", "foobar", true)]
    [InlineData("f?o", "foo", true)]
    [InlineData("f?o", "fo", false)]
    [InlineData("[abc]x", "bx", true)]
    [InlineData("[!abc]x", "bx", false)]
    [InlineData("[a-c]x", "cx", true)]
    [InlineData("*a*b*c*", "xxaxxbxxcxx", true)]
    [InlineData("*a*b*c*", "xxaxxcxxbxx", false)]
    [InlineData("_ZN3ns*", "_ZN3ns1fEv", true)]
    public void GlobsMatchLikeGnuLd(string pattern, string name, bool expected) =>
        Assert.Equal(expected, SymbolPattern.Parse(pattern, quoted: false).Matches(Encoding.UTF8.GetBytes(name)));

    [Fact]
    public void GlobMatchingDoesNotBacktrackExponentially()
    {
        var p = SymbolPattern.Parse(string.Concat(Enumerable.Repeat("*a", 30)) + "b", quoted: false);
        Assert.False(p.Matches(Encoding.UTF8.GetBytes(new string('a', 5000))));
    }

    [Fact]
    public void SymverNamesInternUnderTheirBaseNameOnlyForTheDefaultVersion()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "symver", """
            int old_impl(void) { return 1; }
            int new_impl(void) { return 2; }
            __asm__(".symver old_impl, compute@VER_1");
            __asm__(".symver new_impl, compute@@VER_2");
            """, "-fPIC");
        using var file = MappedFile.Open(obj);
        var o = new ObjectFile(file, 0, file.Length, "symver.o");
        var interned = new List<string>();
        for (int s = o.FirstGlobal; s < o.SymbolCount; s++)
        {
            // The one-scan reader must agree with the rule as VersionedName states it.
            Assert.Equal(Encoding.UTF8.GetString(Symbols.VersionedName.Interned(o.SymbolName(s))), Encoding.UTF8.GetString(o.InternedSymbolName(s)));
            interned.Add(Encoding.UTF8.GetString(o.InternedSymbolName(s)));
        }
        Assert.Contains("compute@VER_1", interned);
        Assert.Contains("compute", interned);
        Assert.DoesNotContain("compute@@VER_2", interned);
    }
}
