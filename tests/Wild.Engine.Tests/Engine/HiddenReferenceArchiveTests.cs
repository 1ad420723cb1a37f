// A hidden reference (`__attribute__((visibility("hidden"))) int pick(void);`) cannot bind to a shared object's
// definition, so when a shared object that defines the name comes before an archive that also defines it, GNU ld
// ignores the shared definition and loads the archive member; with no such member it reports the hidden symbol as
// undefined. Both links (GNU ld's and wild's) are run and must print the same, in both input orders.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class HiddenReferenceArchiveTests
{
    private const string Main = """
        #include <stdio.h>
        __attribute__((visibility("hidden"))) int pick(void);
        int main(void) { printf("pick=%d\n", pick()); return 0; }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ArchiveMemberDefinesAHiddenReferenceASharedObjectAlsoDefines(bool sharedFirst)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string lib = Tools.CompileC(dir, "lib", "int pick(void) { return 1; }", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-shared", lib, "-o", "libpick.so"]);
        string member = Tools.CompileC(dir, "member", "int pick(void) { return 2; }");
        Tools.Run("ar", dir.Dir, ["rcs", "libmember.a", member]);
        string main = Tools.CompileC(dir, "main", Main);
        string[] inputs = sharedFirst ? ["./libpick.so", main, "libmember.a"] : [main, "./libpick.so", "libmember.a"];

        Tools.Run("gcc", dir.Dir, [.. inputs, "-Wl,-rpath,$ORIGIN", "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", .. inputs, "-Wl,-rpath,$ORIGIN", "-o", "wild"]);
        string reference = Tools.Exec(dir.PathOf("ref")).Stdout;
        Assert.Equal("pick=2\n", reference); // GNU ld's own program: the archive's definition
        Assert.Equal(reference, Tools.Exec(dir.PathOf("wild")).Stdout);
    }

    [Fact]
    public void WithoutAnArchiveMemberTheHiddenReferenceStaysUndefined()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string lib = Tools.CompileC(dir, "lib", "int pick(void) { return 1; }", "-fPIC");
        Tools.Run("gcc", dir.Dir, ["-shared", lib, "-o", "libpick.so"]);
        string main = Tools.CompileC(dir, "main", Main);
        var r = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", main, "./libpick.so", "-o", "wild"], dir.Dir, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("undefined hidden symbol: pick", r.Stderr);
    }
}
