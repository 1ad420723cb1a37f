// Hardening by default and on request, checked on real gcc links through the `wild` command: a
// non-executable stack and RELRO unless told otherwise, no segment both writable and executable, -z execstack
// honoured, and -z ibt / -z shstk forcing the CET feature bits that the inputs alone would not give.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class HardeningTests
{
    private static string Link(Scratch dir, string name, params string[] extra)
    {
        string dist = CorpusCatalog.RequireDist();
        string c = dir.Write("hello.c", "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        string output = dir.PathOf(name);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", c, "-o", output, .. extra]);
        Assert.Equal("hi\n", Tools.Run(output, dir.Dir).Stdout);
        return output;
    }

    private static string Segments(Scratch dir, string file) => Tools.Run("readelf", dir.Dir, "-lW", file).Stdout;

    [Fact]
    public void DefaultsAreNonExecutableStackRelroAndNoWritableCode()
    {
        using var dir = new Scratch();
        string segments = Segments(dir, Link(dir, "plain"));
        Assert.Matches(@"GNU_STACK\s.*\sRW\s", segments);
        Assert.Contains("GNU_RELRO", segments);
        Assert.DoesNotMatch(@"LOAD\s.*\sRWE\s", segments);
    }

    [Fact]
    public void ExecStackIsHonoured()
    {
        using var dir = new Scratch();
        Assert.Matches(@"GNU_STACK\s.*\sRWE\s", Segments(dir, Link(dir, "execstack", "-Wl,-z,execstack")));
    }

    [Fact]
    public void IbtAndShstkAreForcedOnRequestOnly()
    {
        using var dir = new Scratch();
        // crt1.o and friends carry no feature property here, so the AND of the inputs alone is empty.
        string plain = Tools.Run("readelf", dir.Dir, "-n", Link(dir, "plain", "-fcf-protection=full")).Stdout;
        Assert.DoesNotContain("x86 feature", plain);
        string forced = Tools.Run("readelf", dir.Dir, "-n", Link(dir, "cet", "-fcf-protection=full", "-Wl,-z,ibt,-z,shstk")).Stdout;
        Assert.Contains("x86 feature: IBT, SHSTK", forced);
        Assert.Contains("GNU_PROPERTY", Segments(dir, dir.PathOf("cet")));
    }
}
