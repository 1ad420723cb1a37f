// Which of the inputs' local symbols reach the output's .symtab, as GNU ld decides: by default every named local
// (temporary .L* labels, which `as -L` keeps, too, unless in a mergeable section), -X drops the .L* ones, -x all.
// The symbol tables are read with ELFSharp (an independent reader) and compared with GNU ld's choice.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LocalSymbolTests
{
    private const string Source = """
        .text
        .globl main
        main:
            call helper
            xor %eax, %eax
            ret
        helper:
        .Ltemporary:
            ret
        .section .note.GNU-stack,"",@progbits
        """;

    [Theory]
    [InlineData("", true, true)]
    [InlineData("-Wl,-X", true, false)]
    [InlineData("-Wl,--discard-locals", true, false)]
    [InlineData("-Wl,--discard-none", true, true)]
    [InlineData("-Wl,-x", false, false)]
    [InlineData("-Wl,--discard-all", false, false)]
    public void LocalsAreKeptOrDiscardedAsGnuLdDoes(string option, bool helper, bool temporary)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "main", Source, "-L");
        string[] extra = option.Length == 0 ? [] : [option];
        Tools.Run("gcc", dir.Dir, [obj, .. extra, "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", obj, .. extra, "-o", "wild"]);
        foreach (string program in (string[])["ref", "wild"])
        {
            var names = Tools.SymbolNames(dir.PathOf(program));
            Assert.True(names.Contains("helper") == helper, $"{program} {option}: helper {(helper ? "missing" : "kept")}");
            Assert.True(names.Contains(".Ltemporary") == temporary, $"{program} {option}: .Ltemporary {(temporary ? "missing" : "kept")}");
            Assert.Contains("main", names);
        }
        Tools.AssertRuns(dir.PathOf("wild"), 0, "");
    }
}
