// LTO inputs, until LTO is supported: GCC's IR objects (through gcc -flto, which also passes -plugin) and
// LLVM bitcode (clang -flto) must each be refused with exit 1, a message that says to build without -flto,
// and no output left behind.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LtoInputTests
{
    [Theory]
    [InlineData("gcc", "contains GCC LTO bytecode")]
    [InlineData("clang", "LLVM bitcode (LTO) input is not supported")]
    public void LtoObjectsAreRefusedWithAClearMessage(string compiler, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string c = dir.Write("main.c", "int main(void) { return 0; }\n");
        Tools.Run(compiler, dir.Dir, "-flto", "-c", c, "-o", dir.PathOf("main.o"));
        string output = dir.PathOf("prog");
        // gcc's driver passes its LTO plugin (-plugin, -plugin-opt=...) for -flto: wild must accept those and
        // still refuse the IR itself.
        var r = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-flto", dir.PathOf("main.o"), "-o", output],
            dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("wild: error: ", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        Assert.Contains("without -flto", r.Stderr);
        Assert.Contains("ld returned 1 exit status", r.Stderr);
        Assert.False(File.Exists(output), "a refused link left an output file behind");
    }
}
