// Whole links through Linker.Link in this process, with gcc's own static and static-pie inputs (crt
// files, libc, libgcc): the programs run, outputs are identical whatever the thread count, link errors
// are precise and leave no output, --gc-sections agrees with GNU ld, and the output's markers are right.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Engine;

public sealed class InProcessLinkTests
{
    private const string Hello = """
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        static int sum(const char *s) { int n = 0; while (*s) n += *s++; return n; }
        int main(void)
        {
            char *copy = strdup("wild");
            printf("hello from %s, %d\n", copy, sum(copy) % 100);
            free(copy);
            return 7;
        }
        """;

    private const string HelloOutput = "hello from wild, 32\n"; // 'w'+'i'+'l'+'d' = 432

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void StaticProgramRuns(bool pie)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "hello", Hello, pie ? "-fPIE" : "-fno-pie");
        string output = dir.PathOf("hello");
        var options = Tools.GccLinkOptions(dir, [obj], output, pie);

        var result = Tools.Link(options);

        Assert.Equal(output, result.OutputPath);
        Assert.Equal(pie ? OutputKind.StaticPie : OutputKind.Static, result.Kind);
        Assert.Equal((ulong)new FileInfo(output).Length, result.FileSize);
        using (var elf = ELFReader.Load<ulong>(output))
        {
            Assert.Equal(result.EntryAddress, elf.EntryPoint);
            Assert.Equal(pie ? FileType.SharedObject : FileType.Executable, elf.Type);
        }
        Tools.AssertRuns(output, 7, HelloOutput);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputIsByteIdenticalWhateverTheThreadCount(bool pie)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "hello", Hello, pie ? "-fPIE" : "-fno-pie");
        var options = Tools.GccLinkOptions(dir, [obj], dir.PathOf("unused"), pie) with { BuildId = BuildIdKind.Sha1 };

        var outputs = new List<byte[]>();
        foreach (int threads in new[] { 1, 2, 4 })
        {
            string output = dir.PathOf($"hello-{threads}");
            Tools.Link(options with { OutputPath = output, Threads = threads });
            outputs.Add(File.ReadAllBytes(output));
        }

        Assert.True(outputs[0].AsSpan().SequenceEqual(outputs[1]), "Threads=1 and Threads=2 outputs differ");
        Assert.True(outputs[0].AsSpan().SequenceEqual(outputs[2]), "Threads=1 and Threads=4 outputs differ");
        // A build-id note is present, so the comparison covered a hash of the whole file.
        using var elf = ELFReader.Load<ulong>(dir.PathOf("hello-1"));
        Assert.True(elf.TryGetSection(".note.gnu.build-id", out var note), "no .note.gnu.build-id");
        Assert.Equal(16 + 20, note.GetContents().Length); // 12-byte note header + "GNU\0" + 20-byte SHA-1
        Tools.AssertRuns(dir.PathOf("hello-2"), 7, HelloOutput);
    }

    private const string CallsMissing = """
        extern int missing_one(void);
        extern int missing_two(int);
        extern int missing_three;
        int main(void) { return missing_one() + missing_two(1) + missing_three; }
        """;

    [Fact]
    public void UndefinedSymbolsAreReportedWithTheirReferencesAndNoOutput()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "calls", CallsMissing, "-fno-pie");
        string output = dir.PathOf("prog");
        var options = Tools.GccLinkOptions(dir, [obj], output);

        var e = Assert.Throws<LinkException>(() => Tools.Link(options));

        Assert.Equal(ErrorId.UndefinedSymbol, e.Id);
        var all = new[] { e }.Concat(e.Siblings).ToList();
        Assert.Equal(3, all.Count);
        Assert.All(all, x => Assert.Equal(ErrorId.UndefinedSymbol, x.Id));
        var names = new[] { "missing_one", "missing_two", "missing_three" };
        foreach (var name in names)
        {
            var one = Assert.Single(all, x => x.Message.Contains(name, StringComparison.Ordinal));
            Assert.Contains($">>> referenced by {obj}:(.text", one.FullMessage);
        }
        Assert.Contains("undefined symbol: ", e.Message);
        Assert.Contains($">>> referenced by {obj}:(.text+0x", e.FullMessage);
        Assert.Equal(obj, e.File);
        Assert.False(File.Exists(output), "a failed link left an output file");
    }

    [Fact]
    public void FailedLinkDeletesAnOldOutputLikeGnuLd()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "calls", CallsMissing, "-fno-pie");
        string output = dir.Write("prog", "an old executable");
        var options = Tools.GccLinkOptions(dir, [obj], output);

        Assert.Throws<LinkException>(() => Tools.Link(options));

        Assert.False(File.Exists(output), "the old output survived a failed link");
        Assert.Empty(Directory.GetFiles(dir.Dir, ".prog*")); // no temporary output left behind either
    }

    [Fact]
    public void KeepOldOutputOnFailureKeepsIt()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "calls", CallsMissing, "-fno-pie");
        string output = dir.Write("prog", "an old executable");
        var options = Tools.GccLinkOptions(dir, [obj], output) with { KeepOldOutputOnFailure = true };

        Assert.Throws<LinkException>(() => Tools.Link(options));

        Assert.Equal("an old executable", File.ReadAllText(output));
    }

    [Fact]
    public void DuplicateDefinitionNamesBothFiles()
    {
        using var dir = new Scratch();
        string a = Tools.CompileC(dir, "first", "int twice(void) { return 1; }\nint main(void) { return twice(); }\n", "-fno-pie");
        string b = Tools.CompileC(dir, "second", "int twice(void) { return 2; }\n", "-fno-pie");
        string output = dir.PathOf("prog");

        var e = Assert.Throws<LinkException>(() => Tools.Link(Tools.GccLinkOptions(dir, [a, b], output)));

        Assert.Equal(ErrorId.DuplicateSymbol, e.Id);
        Assert.Contains("twice", e.Message);
        Assert.Contains(a, e.FullMessage);
        Assert.Contains(b, e.FullMessage);
        Assert.Empty(e.Siblings);
        Assert.False(File.Exists(output));
    }

    private const string GcProgram = """
        #include <stdio.h>
        void unused_fn(void) { puts("unused"); }
        __attribute__((used)) static void used_fn(void) { puts("used"); }
        __attribute__((used, retain)) static void retained_fn(void) { puts("retained"); }
        int main(void) { puts("hi"); return 3; }
        """;

    /// <summary>
    /// GNU ld 2.40 with these objects: unused_fn and used_fn (each in its own section, referenced by
    /// nothing) are collected; retained_fn survives because gcc marks its section SHF_GNU_RETAIN.
    /// `used` only keeps the compiler from dropping the function, not the linker. The test checks GNU
    /// ld's result on the spot and asks the same of wild.
    /// </summary>
    [Fact]
    public void GcSectionsRemovesWhatGnuLdRemoves()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "gc", GcProgram, "-fno-pie", "-ffunction-sections", "-fdata-sections");
        string reference = dir.PathOf("ref");
        Tools.Run("gcc", dir.Dir, ["-static", "-Wl,--gc-sections", obj, "-o", reference]);
        string[] probes = ["unused_fn", "used_fn", "retained_fn", "main"];
        var gnu = Tools.SymbolNames(reference);
        Assert.Equal([false, false, true, true], probes.Select(gnu.Contains)); // pins GNU ld's behaviour

        string output = dir.PathOf("prog");
        Tools.Link(Tools.GccLinkOptions(dir, [obj], output) with { GcSections = true });
        var wild = Tools.SymbolNames(output);
        foreach (var p in probes)
            Assert.True(gnu.Contains(p) == wild.Contains(p),
                $"{p}: GNU ld {(gnu.Contains(p) ? "keeps" : "drops")} it, wild {(wild.Contains(p) ? "keeps" : "drops")} it");
        Tools.AssertRuns(output, 3, "hi\n");

        // Without --gc-sections everything stays.
        string all = dir.PathOf("prog-nogc");
        Tools.Link(Tools.GccLinkOptions(dir, [obj], all));
        Assert.All(probes, p => Assert.Contains(p, Tools.SymbolNames(all)));
        Assert.True(new FileInfo(output).Length < new FileInfo(all).Length, "--gc-sections did not shrink the output");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OutputCarriesCommentStackAndRelroMarkers(bool pie)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "hello", Hello, pie ? "-fPIE" : "-fno-pie");
        string output = dir.PathOf("hello");
        Tools.Link(Tools.GccLinkOptions(dir, [obj], output, pie));

        using var elf = ELFReader.Load<ulong>(output);
        Assert.True(elf.TryGetSection(".comment", out var comment), "no .comment section");
        string text = System.Text.Encoding.UTF8.GetString(comment.GetContents());
        Assert.Contains("Linker: Wild", text);
        Assert.Contains("GCC: (", text); // the inputs' compiler strings are kept too

        var stack = Assert.Single(elf.Segments, s => (uint)s.Type == Elf.ElfConstants.PT_GNU_STACK);
        Assert.False(stack.Flags.HasFlag(ELFSharp.ELF.Segments.SegmentFlags.Execute), "PT_GNU_STACK is executable");
        Assert.True(stack.Flags.HasFlag(ELFSharp.ELF.Segments.SegmentFlags.Write));
        var relro = Assert.Single(elf.Segments, s => (uint)s.Type == Elf.ElfConstants.PT_GNU_RELRO);
        Assert.True(relro.Size > 0);
        // RELRO must lie inside a writable PT_LOAD (it is made read-only after start-up).
        Assert.Contains(elf.Segments, s => s.Type == ELFSharp.ELF.Segments.SegmentType.Load
            && s.Flags.HasFlag(ELFSharp.ELF.Segments.SegmentFlags.Write)
            && relro.Address >= s.Address && relro.Address + relro.Size <= s.Address + s.Size);
    }

    /// <summary>Debian's libm.a is a GROUP script; `-lm -lm` is common in makefiles and GNU ld accepts it.</summary>
    [Fact]
    public void MathLibraryNamedTwiceLinks()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "m", "#include <math.h>\n#include <stdio.h>\nint main(int c, char **v) { printf(\"%d\\n\", (int)sqrt(c * 16.0)); return 0; }\n", "-fno-pie");
        string output = dir.PathOf("m");
        Tools.Link(Tools.GccLinkOptions(dir, [obj, "-lm", "-lm"], output));
        Tools.AssertRuns(output, 0, "4\n");
    }

    [Fact]
    public void NamesTooLongToPackInternAndResolveByTheirWholeBytes()
    {
        // Interning packs a name's length in 16 bits; longer names take the slow path. Two long names that
        // differ only after 70,000 bytes must stay two names, each bound to its own definition.
        using var dir = new Scratch();
        string stem = new('x', 70_000);
        string lib = Tools.CompileC(dir, "long", $"int {stem}_a(void) {{ return 5; }}\nint {stem}_b(void) {{ return 2; }}\n", "-fno-pie");
        string main = Tools.CompileC(dir, "main",
            $"int {stem}_a(void);\nint {stem}_b(void);\nint main(void) {{ return {stem}_a() * 10 + {stem}_b(); }}\n", "-fno-pie");
        string output = dir.PathOf("long-names");

        Tools.Link(Tools.GccLinkOptions(dir, [main, lib], output));

        Tools.AssertRuns(output, 52, "");
        var names = Tools.SymbolNames(output);
        Assert.Contains(stem + "_a", names);
        Assert.Contains(stem + "_b", names);
    }
}
