// The exact argv gcc 12, clang 14 and rustc 1.95 handed to `ld` on this machine (captured with a logging
// `ld` script via `gcc -B`, `clang --ld-path` and `rustc -C linker-features=-lld -C link-arg=-B`), one
// argument per line in Cli/Argv. Each must parse, with the kind, inputs and settings the driver meant.
using Wild.Cli.CommandLine;
using Wild.Engine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class DriverArgvTests
{
    private const string GccLib = "/usr/lib/gcc/x86_64-linux-gnu/12";
    private const string Interp = "/lib64/ld-linux-x86-64.so.2";

    private static string[] Argv(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Cli", "Argv", name + ".txt"));

    private static ParsedCommandLine ParseCaptured(string name)
    {
        ParsedCommandLine p = Parse(Argv(name));
        Assert.Empty(p.Warnings);
        return p;
    }

    [Fact]
    public void GccDefaultPie()
    {
        LinkOptions o = ParseCaptured("gcc-default").Options;
        Assert.Equal(OutputKind.Pie, o.Kind);
        Assert.Equal("out", o.OutputPath);
        Assert.Equal(Interp, o.DynamicLinker);
        Assert.Equal(BuildIdKind.Sha1, o.BuildId);
        Assert.True(o.EhFrameHdr);
        Assert.Equal(HashStyle.Gnu, o.HashStyle);
        Assert.Equal(9, o.LibraryPaths.Count);
        Assert.Equal("fake", o.LibraryPaths[0]);
        // gcc's leading --as-needed applies to every input, and the push/pop pairs around -lgcc_s keep it.
        var asNeeded = new InputModifiers(false, true, false);
        Assert.Equal(
        [
            new InputSpec.File($"{GccLib}/../../../x86_64-linux-gnu/Scrt1.o", asNeeded),
            new InputSpec.File($"{GccLib}/../../../x86_64-linux-gnu/crti.o", asNeeded),
            new InputSpec.File($"{GccLib}/crtbeginS.o", asNeeded),
            new InputSpec.File("/tmp/ccQDy6qk.o", asNeeded),
            new InputSpec.Library("gcc", false, asNeeded),
            new InputSpec.Library("gcc_s", false, asNeeded),
            new InputSpec.Library("c", false, asNeeded),
            new InputSpec.Library("gcc", false, asNeeded),
            new InputSpec.Library("gcc_s", false, asNeeded),
            new InputSpec.File($"{GccLib}/crtendS.o", asNeeded),
            new InputSpec.File($"{GccLib}/../../../x86_64-linux-gnu/crtn.o", asNeeded),
        ], o.Inputs);
    }

    [Fact]
    public void GccStatic()
    {
        LinkOptions o = ParseCaptured("gcc-static").Options;
        Assert.Equal(OutputKind.Static, o.Kind);
        Assert.False(o.EhFrameHdr);
        Assert.Null(o.DynamicLinker);
        var staticAsNeeded = new InputModifiers(false, true, true);
        Assert.Equal(
        [
            new InputSpec.File("/tmp/ccjLhNQ8.o", staticAsNeeded),
            new InputSpec.GroupStart(),
            new InputSpec.Library("gcc", false, staticAsNeeded),
            new InputSpec.Library("gcc_eh", false, staticAsNeeded),
            new InputSpec.Library("c", false, staticAsNeeded),
            new InputSpec.GroupEnd(),
        ], o.Inputs.Skip(3).Take(6));
        Assert.Equal(11, o.Inputs.Count);
    }

    [Fact]
    public void GccStaticPie()
    {
        LinkOptions o = ParseCaptured("gcc-static-pie").Options;
        Assert.Equal(OutputKind.StaticPie, o.Kind);
        Assert.True(o.NoDynamicLinker);
        Assert.Null(o.DynamicLinker);
        Assert.True(o.Z.Text);
        Assert.True(o.EhFrameHdr);
        Assert.EndsWith("rcrt1.o", ((InputSpec.File)o.Inputs[0]).Path);
    }

    [Fact]
    public void GccShared()
    {
        LinkOptions o = ParseCaptured("gcc-shared").Options;
        Assert.Equal(OutputKind.Shared, o.Kind);
        Assert.Null(o.DynamicLinker);
        Assert.EndsWith("crti.o", ((InputSpec.File)o.Inputs[0]).Path);
    }

    [Fact]
    public void GccNoPie()
    {
        LinkOptions o = ParseCaptured("gcc-no-pie").Options;
        Assert.Equal(OutputKind.Dynamic, o.Kind);
        Assert.Equal(Interp, o.DynamicLinker);
        Assert.EndsWith("/crt1.o", ((InputSpec.File)o.Inputs[0]).Path);
    }

    [Fact]
    public void ClangDefaultUsesAsNeededWithoutPushState()
    {
        LinkOptions o = ParseCaptured("clang-default").Options;
        Assert.Equal(OutputKind.Pie, o.Kind);
        Assert.Equal(HashStyle.Both, o.HashStyle);
        Assert.Equal(Interp, o.DynamicLinker);
        Assert.Equal(
        [
            Lib("gcc"), Lib("gcc_s", asNeeded: true), Lib("c"), Lib("gcc"), Lib("gcc_s", asNeeded: true),
        ], o.Inputs.Where(i => i is InputSpec.Library));
        Assert.Equal(FileInput("/lib/x86_64-linux-gnu/crtn.o"), o.Inputs[^1]);
    }

    [Theory]
    [InlineData("clang-static", OutputKind.Static)]
    [InlineData("clang-static-pie", OutputKind.StaticPie)]
    [InlineData("clang-shared", OutputKind.Shared)]
    public void ClangKinds(string capture, OutputKind kind)
    {
        LinkOptions o = ParseCaptured(capture).Options;
        Assert.Equal(kind, o.Kind);
        Assert.Equal(HashStyle.Both, o.HashStyle);
        Assert.True(o.EhFrameHdr);
        Assert.Equal(BuildIdKind.Sha1, o.BuildId);
    }

    [Fact]
    public void RustcDefault()
    {
        LinkOptions o = ParseCaptured("rustc-default").Options;
        Assert.Equal(OutputKind.Pie, o.Kind);
        Assert.True(o.GcSections);
        Assert.True(o.Z.Relro);
        Assert.True(o.Z.Now);
        Assert.False(o.Z.ExecStack);
        // The rlibs sit between -Bstatic and -Bdynamic; the system libraries after -Bdynamic may be shared.
        var rlibs = o.Inputs.OfType<InputSpec.File>().Where(f => f.Path.EndsWith(".rlib", StringComparison.Ordinal)).ToList();
        Assert.Equal(19, rlibs.Count);
        Assert.All(rlibs, r => Assert.Equal(new InputModifiers(false, true, true), r.Modifiers));
        Assert.Equal(
            [Lib("gcc_s", asNeeded: true), Lib("util", asNeeded: true), Lib("rt", asNeeded: true), Lib("pthread", asNeeded: true),
             Lib("m", asNeeded: true), Lib("dl", asNeeded: true), Lib("c", asNeeded: true)],
            o.Inputs.OfType<InputSpec.Library>());
    }

    [Fact]
    public void RustcStaticPieWithOptAndStrip()
    {
        LinkOptions o = ParseCaptured("rustc-static").Options;
        Assert.Equal(OutputKind.StaticPie, o.Kind);
        Assert.True(o.StripAll);
        Assert.True(o.GcSections);
        Assert.True(o.Z.Now);
        // -static makes every following -l static until the trailing -Bdynamic, which changes nothing for the kind.
        Assert.All(o.Inputs.OfType<InputSpec.Library>(), l => Assert.True(l.Modifiers.StaticOnly));
        Assert.Equal(["util", "rt", "pthread", "m", "dl", "c", "gcc_eh", "gcc", "c"], o.Inputs.OfType<InputSpec.Library>().Select(l => l.Name));
    }

    [Fact]
    public void RustcCdylib()
    {
        LinkOptions o = ParseCaptured("rustc-cdylib").Options;
        Assert.Equal(OutputKind.Shared, o.Kind);
        Assert.Equal("libx.so", o.OutputPath);
        Assert.Single(o.VersionScripts);
        Assert.EndsWith("/list", o.VersionScripts[0]);
        Assert.True(o.NoUndefinedVersion);
    }
}
