// The output's bytes (and so its build-id) must not depend on the name it is written under: the same link
// to two names gives identical files. The one place GNU ld puts the name is the base entry of a shared
// library's version definitions when there is no -soname; both linkers' outputs differ there, and only there.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;
using Xunit;

namespace Wild.Engine.Tests.Engine;

public sealed class OutputNameTests
{
    private const string Program = "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n";
    private const string Library = "int api(void) { return 1; }\nint other(void) { return 2; }\n";

    /// <summary>Links <paramref name="obj"/> to liba/libb (.so when shared) with Wild, or GNU ld when <paramref name="dist"/> is null.</summary>
    private static (byte[] A, byte[] B, string PathA) LinkTwice(Scratch dir, string? dist, string obj, string[] flags, string suffix)
    {
        string who = dist is null ? "ld" : "wild";
        var outputs = new List<string>();
        foreach (string name in (string[])["liba", "libb"])
        {
            string output = dir.PathOf($"{who}/{name}{suffix}");
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            string[] b = dist is null ? [] : ["-B", dist.TrimEnd('/') + "/"];
            Tools.Run("gcc", dir.Dir, [.. b, .. flags, obj, "-o", output]);
            outputs.Add(output);
        }
        return (File.ReadAllBytes(outputs[0]), File.ReadAllBytes(outputs[1]), outputs[0]);
    }

    [Theory]
    [InlineData("-static")]
    [InlineData("-static-pie")]
    [InlineData("-pie")]
    [InlineData("-no-pie")]
    public void ExecutablesDoNotDependOnTheirName(string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "main", Program, mode == "-no-pie" ? "-fno-pie" : "-fPIE");
        var (a, b, _) = LinkTwice(dir, dist, obj, [mode], "");
        Assert.True(a.AsSpan().SequenceEqual(b), $"{mode}: outputs differ at 0x{a.AsSpan().CommonPrefixLength(b):x}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-Wl,-soname,libx.so")]
    [InlineData("-Wl,--version-script={anon}")]
    [InlineData("-Wl,--version-script={named} -Wl,-soname,libx.so")]
    public void SharedLibrariesWithoutANamedBaseVersionDoNotDependOnTheirName(string extra)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Library, "-fPIC");
        var flags = Flags(dir, extra);
        var (a, b, _) = LinkTwice(dir, dist, obj, flags, ".so");
        Assert.True(a.AsSpan().SequenceEqual(b), $"-shared {extra}: outputs differ at 0x{a.AsSpan().CommonPrefixLength(b):x}");
    }

    [Fact]
    public void NamedVersionsWithoutSonameNameTheFileAsGnuLdDoes()
    {
        // With version definitions and no -soname, the base definition (index 1, VER_FLG_BASE) is the library's
        // own name, and GNU ld takes it from the output's file name: its two outputs differ, and so do ours.
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "lib", Library, "-fPIC");
        var flags = Flags(dir, "-Wl,--version-script={named}");
        var (refA, refB, _) = LinkTwice(dir, null, obj, flags, ".so");
        Assert.False(refA.AsSpan().SequenceEqual(refB), "GNU ld's outputs no longer depend on the name: this test's premise changed");
        var (a, b, pathA) = LinkTwice(dir, dist, obj, flags, ".so");
        Assert.False(a.AsSpan().SequenceEqual(b));
        using var elf = ELFReader.Load(pathA);
        var dynstr = (IStringTable)elf.Sections.Single(s => s.Name == ".dynstr");
        Assert.Contains("liba.so", dynstr.Strings);
    }

    private static string[] Flags(Scratch dir, string extra)
    {
        string anon = dir.Write("anon.map", "{ global: api; local: *; };\n");
        string named = dir.Write("named.map", "LIB_1 { global: api; local: *; };\n");
        var flags = new List<string> { "-shared" };
        flags.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Replace("{anon}", anon, StringComparison.Ordinal).Replace("{named}", named, StringComparison.Ordinal)));
        return flags.ToArray();
    }
}
