// Inputs named oddly on the `wild` command line, run through the published binary: an empty argument (an
// unset variable in a build script) is "No such file or directory" naming it, as GNU ld says, never an internal error.
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class CommandLineInputTests
{
    [Fact]
    public void AnEmptyArgumentIsAMissingFileNotAnInternalError()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", "int main(void) { return 0; }\n");
        var r = ProcessRunner.Run(Path.Combine(dist, "wild"), [obj, "", "-o", "out"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("wild: error: cannot open '' (an empty argument): No such file or directory\n", r.Stderr);
        Assert.False(File.Exists(dir.PathOf("out")));
    }
}
