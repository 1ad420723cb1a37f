// -shared links through the real driver: what no linker can do (local-exec TLS, direct references to
// preemptible symbols from non-PIC code) and broken version scripts must each fail with exit 1, a message
// naming the problem, and no output left behind; a version script must decide the exports.
using Wild.Engine.Tests.Corpus;
using Xunit;

namespace Wild.Engine.Tests.Engine;

public sealed class SharedOutputErrorTests
{
    [Theory]
    [InlineData("__attribute__((tls_model(\"local-exec\"))) __thread int counter; int bump(void) { return ++counter; }", "-fPIC",
        "R_X86_64_TPOFF32 against 'counter' can not be used when making a shared object")]
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
    public void VersionScriptDecidesWhatASharedLibraryExportsAndUnderWhichVersion()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int api(void) { return 1; } int internal(void) { return 2; }", "-fPIC");
        string map = dir.Write("exports.map", "LIB_1 { global: api; local: *; };\n");
        string output = dir.PathOf("libv.so");
        var result = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-shared", "-Wl,--version-script=" + map, obj, "-o", output],
            dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var symbols = ProcessRunner.Run("nm", ["-D", "--defined-only", output], dir.Dir, TimeSpan.FromMinutes(1)).Stdout;
        Assert.Contains("api@@LIB_1", symbols);
        Assert.DoesNotContain("internal", symbols);
    }

    [Fact]
    public void VersionScriptErrorsNameTheFileAndLine()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", "int api(void) { return 1; }", "-fPIC");
        string map = dir.Write("broken.map", "LIB_1 {\n  global: api;\n  local: *\n};\n");
        string output = dir.PathOf("libv.so");
        var result = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", "-shared", "-Wl,--version-script=" + map, obj, "-o", output],
            dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("wild: error: " + map + ":4: expected ';' but found '}'", result.Stderr);
        Assert.False(File.Exists(output), "a failed link left an output file behind");
    }
}
