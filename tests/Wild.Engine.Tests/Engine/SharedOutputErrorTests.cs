// -shared links that wild refuses, through the real driver: what is not implemented yet (TLS inside a
// shared object) and what no linker can do (direct references to preemptible symbols from non-PIC code)
// must each fail with exit 1, a message naming the problem, and no output left behind.
using Wild.Engine.Tests.Corpus;
using Xunit;

namespace Wild.Engine.Tests.Engine;

public sealed class SharedOutputErrorTests
{
    [Theory]
    [InlineData("__thread int counter; int bump(void) { return ++counter; }", "-fPIC", "thread-local access")]
    [InlineData("int shared_value = 3; int get(void) { return shared_value; }", "-fno-pic", "recompile with -fPIC")]
    public void SharedLinkFailsCleanly(string source, string picFlag, string expected)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", source, picFlag);
        string output = dir.PathOf("libx.so");
        var result = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-shared", obj, "-o", output], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ld returned 1 exit status", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.Contains("wild: error:", result.Stderr);
        Assert.False(File.Exists(output), "a failed link left an output file behind");
    }

    [Fact]
    public void VersionScriptOnASharedLinkIsRefusedRatherThanIgnored()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int api(void) { return 1; } int internal(void) { return 2; }", "-fPIC");
        string map = dir.Write("exports.map", "{ global: api; local: *; };\n");
        string output = dir.PathOf("libv.so");
        var result = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-shared", "-Wl,--version-script=" + map, obj, "-o", output],
            dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wild: error: option --version-script is not implemented yet", result.Stderr);
        Assert.False(File.Exists(output), "a failed link left an output file behind");
    }
}
