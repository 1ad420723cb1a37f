// Mergeable strings (SHF_MERGE|SHF_STRINGS) in a section that is not loaded (like .debug_str or .comment): the
// strings of every object are deduplicated into one section, as GNU ld writes it. No program can observe a non-alloc
// section, so readelf's dump of wild's output is compared with GNU ld's for the same gcc link.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class NonAllocMergeTests
{
    [Fact]
    public void NonAllocMergeableStringsAreDeduplicatedAsGnuLdDoes()
    {
        using var dir = new Scratch();
        string dist = CorpusCatalog.RequireDist();
        string main = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n");
        string first = Tools.Assemble(dir, "first", """
                    .section .mystr,"MS",@progbits,1
                    .asciz "hello"
                    .asciz "world"
                    .asciz "shared"
                    .section .note.GNU-stack,"",@progbits
            """);
        string second = Tools.Assemble(dir, "second", """
                    .section .mystr,"MS",@progbits,1
                    .asciz "shared"
                    .asciz "hello"
                    .asciz "again"
                    .asciz "world"
                    .section .note.GNU-stack,"",@progbits
            """);
        string gnu = dir.PathOf("gnu"), wild = dir.PathOf("wild");
        Tools.Run("gcc", dir.Dir, main, first, second, "-o", gnu);
        Tools.Run("gcc", dir.Dir, "-B", dist.TrimEnd('/') + "/", main, first, second, "-o", wild);
        string expected = Tools.Run("readelf", dir.Dir, "-p", ".mystr", gnu).Stdout;
        Assert.Contains("again", expected);
        Assert.Equal(expected, Tools.Run("readelf", dir.Dir, "-p", ".mystr", wild).Stdout.Replace(wild, gnu));
    }
}
