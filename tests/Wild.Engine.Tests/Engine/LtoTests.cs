// Link-time optimisation through the linker plugin, around what the corpus's lto-* cases compare with GNU ld:
// the plugin's temporary files are gone after a link, a link without IR never loads the plugin, and a plugin
// that is missing, is not a plugin or fails says so and leaves no output. The failing plugins run in a `wild`
// process of their own: a fatal plugin error parks a thread inside the plugin for good.
using Wild.Engine.Diagnostics;
using Wild.Engine.Lto;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class LtoTests
{
    private const string Main = "#include <stdio.h>\nint twice(int);\nint main(void) { printf(\"%d\\n\", twice(21)); return 0; }\n";
    private const string Twice = "int twice(int x) { return 2 * x; }\n";

    [Theory]
    [InlineData("gcc", "-flto=auto")]
    [InlineData("clang-19", "-flto")]
    [InlineData("clang-19", "-flto=thin")]
    public void ThePluginsTemporaryFilesAreGoneAfterTheLink(string compiler, string flto)
    {
        RequireTool(compiler);
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string tmp = Directory.CreateDirectory(dir.PathOf("tmp")).FullName;
        var env = Inherited(("TMPDIR", tmp));
        dir.Write("main.c", Main);
        dir.Write("twice.c", Twice);
        foreach (string c in (string[])["main", "twice"])
            Assert.Equal(0, Run(compiler, dir.Dir, env, "-O2", flto, "-c", c + ".c", "-o", c + ".o").ExitCode);
        // The reference's temporaries (the driver's own included) must be gone too: an empty directory means wild's
        // part left nothing, whichever of the driver and the plugin made a file.
        var r = Run(compiler, dir.Dir, env, "-B", dist.TrimEnd('/') + "/", flto, "main.o", "twice.o", "-o", "prog");
        Assert.True(r.ExitCode == 0, r.Describe());
        Tools.AssertRuns(dir.PathOf("prog"), 0, "42\n");
        Assert.Empty(Directory.GetFileSystemEntries(tmp));
    }

    [Fact]
    public void ALinkWithoutIrNeverLoadsThePlugin()
    {
        using var dir = new Scratch();
        var objects = new[] { Tools.CompileC(dir, "main", Main), Tools.CompileC(dir, "twice", Twice) };
        var options = Tools.GccLinkOptions(dir, objects, dir.PathOf("prog"));
        // gcc names its plugin on every link; a plugin that does not exist shows it is never opened.
        Tools.Link(options with { Plugin = dir.PathOf("no-such-plugin.so") });
        Tools.AssertRuns(dir.PathOf("prog"), 0, "42\n");
    }

    [Fact]
    public void WithoutAPluginAFatLtoObjectLinksItsRegularCodeAndASlimOneIsRefused()
    {
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Main);
        string fat = Tools.CompileC(dir, "twice", Twice, "-flto", "-ffat-lto-objects");
        var options = Tools.GccLinkOptions(dir, [main, fat], dir.PathOf("prog"));
        Tools.Link(options with { Plugin = null, PluginOptions = [] });
        Tools.AssertRuns(dir.PathOf("prog"), 0, "42\n");

        string slim = Tools.CompileC(dir, "slim", Twice, "-flto");
        var e = Assert.Throws<LinkException>(() => Tools.Link(options with { Plugin = null, PluginOptions = [], OutputPath = dir.PathOf("prog2"),
            Inputs = [.. options.Inputs.Select(i => i is InputSpec.File f && f.Path == fat ? new InputSpec.File(slim, f.Modifiers) : i)] }));
        Assert.Equal(ErrorId.LtoInput, e.Id);
        Assert.Contains("slim.o: GCC LTO object (built with -flto) needs the LTO plugin", e.Message);
        Assert.False(File.Exists(dir.PathOf("prog2")));
    }

    [Theory]
    [InlineData("missing", "error loading plugin: ", "cannot open shared object file: No such file or directory")]
    [InlineData("not-a-plugin", "not a linker plugin: it has no onload function", null)]
    [InlineData("wrapper-fails", "liblto_plugin.so: lto-wrapper failed", null)]
    [InlineData("wrapper-missing", "liblto_plugin.so: could not run lto-wrapper", null)]
    public void APluginThatIsMissingOrFailsIsAClearErrorAndLeavesNoOutput(string how, string expected, string? detail)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string tmp = Directory.CreateDirectory(dir.PathOf("tmp")).FullName;
        var objects = new[] { Tools.CompileC(dir, "main", Main, "-flto"), Tools.CompileC(dir, "twice", Twice, "-flto") };
        string capture = dir.PathOf("capture");
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(capture);
        Tools.Run("gcc", dir.Dir, ["-B" + capture + "/", "-flto", .. objects, "-o", "prog"]);
        var args = File.ReadAllText(argsFile).Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
        int plugin = args.IndexOf("-plugin") + 1;
        int wrapper = args.FindIndex(a => a.StartsWith("-plugin-opt=", StringComparison.Ordinal) && a.EndsWith("/lto-wrapper", StringComparison.Ordinal));
        Assert.True(plugin > 0 && wrapper >= 0, string.Join(' ', args));
        switch (how)
        {
            case "missing": args[plugin] = dir.PathOf("no/liblto_plugin.so"); break;
            case "not-a-plugin": args[plugin] = "/lib/x86_64-linux-gnu/libz.so.1"; break;
            case "wrapper-fails": args[wrapper] = "-plugin-opt=/bin/false"; break;
            case "wrapper-missing": args[wrapper] = "-plugin-opt=" + dir.PathOf("no/lto-wrapper"); break;
        }
        var r = ProcessRunner.Run(Path.Combine(dist, "wild"), args, dir.Dir, TimeSpan.FromMinutes(2), Inherited(("TMPDIR", tmp)));
        Assert.True(r.ExitCode == 1, r.Describe());
        Assert.Contains("wild: error: ", r.Stderr);
        Assert.Contains(expected, r.Stderr);
        if (detail is not null) Assert.Contains(detail, r.Stderr);
        Assert.False(File.Exists(dir.PathOf("prog")), "a failed link left an output behind");
        // gcc's driver would remove its resolution file; what the plugin made it removed itself.
        Assert.DoesNotContain(Directory.GetFileSystemEntries(tmp), f => !f.EndsWith(".res", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("%s: %s", new object[] { "a.o", "corrupt" }, "a.o: corrupt")]
    [InlineData("unsupported linker output %i", new object[] { 7L }, "unsupported linker output 7")]
    [InlineData("%s@0x%x%08x", new object[] { "lib.a", 1L, 0x42L }, "lib.a@0x100000042")]
    [InlineData("100%% %5d|%-4s|%c", new object[] { 42L, "ab", 99L }, "100%    42|ab  |c")]
    [InlineData("%lu %ld %zu %p %s", new object?[] { -1L, -3L, 9L, 255L, null }, "18446744073709551615 -3 9 0xff (null)")]
    public unsafe void PluginMessagesAreFormattedAsPrintfWould(string format, object?[] args, string expected)
    {
        var strings = new List<nint>();
        try
        {
            nint Native(string text)
            {
                nint p = System.Runtime.InteropServices.Marshal.StringToCoTaskMemUTF8(text);
                strings.Add(p);
                return p;
            }
            var values = args.Select(a => a switch { string text => Native(text), long n => (nint)n, _ => 0 }).ToArray();
            Assert.Equal(expected, PluginMessage.Format((byte*)Native(format), values));
        }
        finally
        {
            foreach (nint p in strings) System.Runtime.InteropServices.Marshal.FreeCoTaskMem(p);
        }
    }

    private static ProcessResult Run(string tool, string cwd, IEnumerable<KeyValuePair<string, string>> env, params string[] args) =>
        ProcessRunner.Run(tool, args, cwd, TimeSpan.FromMinutes(2), env);

    /// <summary>This process's environment with <paramref name="overrides"/> (ProcessRunner passes exactly what it is given).</summary>
    private static List<KeyValuePair<string, string>> Inherited(params (string Name, string Value)[] overrides)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        env["LC_ALL"] = "C";
        foreach (var (name, value) in overrides) env[name] = value;
        return [.. env];
    }

    /// <summary>A missing compiler fails the test with what to install (.ci/run installs it); it never skips.</summary>
    private static void RequireTool(string tool)
    {
        bool found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, tool)));
        Assert.True(found, $"{tool} is not installed; .ci/run installs clang-19, llvm-19 and llvm-19-linker-tools (LLVMgold.so)");
    }
}
