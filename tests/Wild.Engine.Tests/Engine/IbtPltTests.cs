// The IBT-enabled x86-64 PLT (issue 15): when every input has GNU_PROPERTY_X86_FEATURE_1_IBT, or -z ibt forces it, or
// -z ibtplt asks, GNU ld 2.40 makes .plt with endbr64 lazy entries and .plt.sec with the entries calls use; a static
// output's IFUNC entries open with endbr64 too. Each case is linked by ld.bfd and by dist/wild from the same objects:
// the PLT sections' names and sizes, their bytes with PC-relative displacements masked, the .rela.plt types and the
// program's output (lazily bound and with LD_BIND_NOW) must be the same.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public class IbtPltTests
{
    private const string Library = """
        int foo(int x) { return x + 1; }
        int bar(int x) { return x * 2; }
        int (*get_foo(void))(int) { return foo; }
        """;

    // Non-PIE code takes foo's address with an absolute relocation: foo gets a canonical PLT entry, in .plt.sec with
    // IBT, and the library's own &foo must equal it.
    private const string Program = """
        #include <stdio.h>
        int foo(int); int bar(int);
        extern int (*get_foo(void))(int);
        int main(void) { int (*p)(int) = foo; printf("%d %d %d\n", p(1), bar(2), p == get_foo()); return 0; }
        """;

    private const string Expected = "2 4 1\n";

    private static string Wild => Path.Combine(CorpusCatalog.RequireDist(), "wild");

    private static ProcessResult Run(Scratch dir, string tool, params string[] args) =>
        ProcessRunner.Run(tool, args, dir.Dir, TimeSpan.FromMinutes(1));

    /// <summary>A program against a library (linked by GNU ld for both), with the flags given to both links. In a PIE
    /// foo is called through the PLT and its address loaded from the GOT, so it goes to .plt.got, as does
    /// crtbeginS.o's __cxa_finalize.</summary>
    [Theory]
    [InlineData(false, "-z,ibtplt", true)]   // crt1.o has no IBT property: only -z ibtplt or -z ibt make the IBT PLT
    [InlineData(false, "-z,ibt", true)]
    [InlineData(false, "-z,ibt,-z,now", true)]
    [InlineData(false, "-z,ibt,-z,bndplt", true)] // GNU ld 2.40 warns "-z bndplt ignored" and makes the PLT it would anyway
    [InlineData(false, "", false)]           // some inputs without IBT: the plain PLT
    [InlineData(true, "-z,ibt", true)]
    [InlineData(true, "-z,ibt,-z,now", true)]
    [InlineData(true, "", false)]
    public void AProgramGetsThePltGnuLdMakes(bool pie, string zFlags, bool ibt)
    {
        using var dir = new Scratch();
        string lib = Tools.CompileC(dir, "lib", Library, "-fPIC", "-fcf-protection");
        Tools.Run("gcc", dir.Dir, "-fuse-ld=bfd", "-shared", lib, "-o", dir.PathOf("libibt.so"));
        string main = Tools.CompileC(dir, "main", Program, pie ? "-fPIE" : "-fno-PIE", "-fcf-protection");
        string[] flags = [pie ? "-pie" : "-no-pie", main, "-L" + dir.Dir, "-libt", "-Wl,-rpath," + dir.Dir, .. zFlags.Length > 0 ? ["-Wl," + zFlags] : Array.Empty<string>()];
        var gnu = Run(dir, "gcc", ["-fuse-ld=bfd", .. flags, "-o", "ref"]);
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        var ours = Run(dir, "gcc", ["-B" + CorpusCatalog.RequireDist() + "/", .. flags, "-o", "wild"]);
        Assert.True(ours.ExitCode == 0, ours.Describe());
        if (zFlags.Contains("bndplt"))
            foreach (var r in new[] { gnu, ours }) Assert.Contains("-z bndplt ignored", r.Stderr, StringComparison.Ordinal);
        AssertSamePlt(dir.PathOf("ref"), dir.PathOf("wild"), ibt, dynamic: true);
        foreach (var bindNow in new[] { false, true })
            foreach (var exe in new[] { "ref", "wild" })
            {
                var env = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" };
                if (bindNow) env["LD_BIND_NOW"] = "1";
                var r = ProcessRunner.Run(dir.PathOf(exe), [], dir.Dir, TimeSpan.FromSeconds(30), env);
                Assert.True(r.ExitCode == 0 && r.Stdout == Expected, $"{exe} LD_BIND_NOW={bindNow}\n{r.Describe()}");
            }
    }

    /// <summary>A shared object of IBT objects only (no crt files): the merged property has IBT, so the IBT PLT without
    /// any option, with lazy binding or -z now. A TLS descriptor call is left out: its lazy PLT entry is not made.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("-z now")]
    public void ASharedObjectOfIbtObjectsGetsTheIbtPlt(string zFlags)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "calls", "int ext(int); int other(int); int f(int x) { return ext(x) + other(x); }", "-fPIC", "-fcf-protection");
        string[] args = ["-shared", obj, .. zFlags.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-o"];
        var gnu = Run(dir, "ld.bfd", [.. args, "ref.so"]);
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        var ours = Run(dir, Wild, [.. args, "wild.so"]);
        Assert.True(ours.ExitCode == 0, ours.Describe());
        AssertSamePlt(dir.PathOf("ref.so"), dir.PathOf("wild.so"), ibt: true, dynamic: true);
    }

    /// <summary>A library whose only PLT entry is crtbeginS.o's __cxa_finalize (called, and tested through the GOT):
    /// the entry is in .plt.got, and GNU ld still makes PLT0 in .plt (and DT_PLTGOT) but no .rela.plt or .plt.sec.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("-Wl,-z,ibtplt")]
    public void ALibraryWhoseOnlyEntryIsInPltGotKeepsPlt0(string flag)
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "value", "int value(void) { return 1; }", "-fPIC");
        string[] flags = ["-shared", obj, .. flag.Length > 0 ? [flag] : Array.Empty<string>()];
        var gnu = Run(dir, "gcc", ["-fuse-ld=bfd", .. flags, "-o", "ref.so"]);
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        var ours = Run(dir, "gcc", ["-B" + CorpusCatalog.RequireDist() + "/", .. flags, "-o", "wild.so"]);
        Assert.True(ours.ExitCode == 0, ours.Describe());
        AssertSamePlt(dir.PathOf("ref.so"), dir.PathOf("wild.so"), ibt: flag.Length > 0, dynamic: true, split: false);
    }

    /// <summary>A static program's IFUNC entries: `endbr64; jmp *slot; nopw` with -z ibt, as GNU ld writes them.</summary>
    [Fact]
    public void StaticIfuncEntriesOpenWithEndbr64()
    {
        using var dir = new Scratch();
        string obj = Tools.CompileC(dir, "ifunc", """
            #include <stdio.h>
            static int impl(int x) { return x + 40; }
            static int (*resolve(void))(int) { return impl; }
            int f(int) __attribute__((ifunc("resolve")));
            int main(void) { printf("%d\n", f(2)); return 0; }
            """, "-fcf-protection");
        string[] flags = ["-static", obj, "-Wl,-z,ibt"];
        var gnu = Run(dir, "gcc", ["-fuse-ld=bfd", .. flags, "-o", "ref"]);
        Assert.True(gnu.ExitCode == 0, gnu.Describe());
        var ours = Run(dir, "gcc", ["-B" + CorpusCatalog.RequireDist() + "/", .. flags, "-o", "wild"]);
        Assert.True(ours.ExitCode == 0, ours.Describe());
        AssertSamePlt(dir.PathOf("ref"), dir.PathOf("wild"), ibt: true, dynamic: false);
        Tools.AssertRuns(dir.PathOf("wild"), 0, "42\n");
    }

    /// <summary>The PLT sections (names, sizes, entry sizes), their bytes with displacements masked, the .rela.plt
    /// relocation types, and, for a split PLT, that each .got.plt slot first points at its lazy entry's endbr64.</summary>
    private static void AssertSamePlt(string reference, string ours, bool ibt, bool dynamic, bool? split = null)
    {
        var (refSections, refTypes) = Plt(reference, ibt, dynamic);
        var (ourSections, ourTypes) = Plt(ours, ibt, dynamic);
        Assert.Equal(string.Join("\n", refSections.Select(s => s.Describe)), string.Join("\n", ourSections.Select(s => s.Describe)));
        Assert.Equal(refTypes, ourTypes);
        Assert.Equal(DynamicFacts(reference), DynamicFacts(ours));
        Assert.Equal(split ?? (ibt && dynamic), ourSections.Any(s => s.Name == ".plt.sec"));
        Assert.True(ourSections.Count > 0);
    }

    private sealed record PltSection(string Name, ulong Size, ulong EntrySize, string Masked)
    {
        public string Describe => $"{Name} size={Size:x} entsize={EntrySize:x}\n{Masked}";
    }

    private static (List<PltSection>, string) Plt(string path, bool ibt, bool dynamic)
    {
        using var elf = ELFReader.Load<ulong>(path);
        var sections = new List<PltSection>();
        foreach (var s in elf.Sections.Where(s => s.Name is ".plt" or ".plt.sec" or ".plt.got"))
        {
            var section = (Section<ulong>)s;
            byte[] bytes = section.GetContents();
            Mask(s.Name, bytes, ibt, dynamic);
            // GNU ld's static .plt (its .iplt input sections) has sh_entsize 0; wild writes 16 there (not compared).
            sections.Add(new PltSection(s.Name, section.Size, dynamic ? section.EntrySize : 0, Convert.ToHexString(bytes)));
        }
        string types = "";
        if (elf.TryGetSection(".rela.plt", out var rela))
        {
            byte[] r = ((Section<ulong>)rela).GetContents();
            for (int i = 0; i + 24 <= r.Length; i += 24) types += BitConverter.ToUInt32(r, i + 8) + " ";
        }
        if (ibt && dynamic && elf.TryGetSection(".got.plt", out var gotPlt) && elf.TryGetSection(".plt", out var plt))
        {
            // Each import's slot starts at its lazy entry in .plt (16 bytes each after PLT0), never at .plt.sec.
            byte[] slots = ((Section<ulong>)gotPlt).GetContents();
            ulong pltStart = ((Section<ulong>)plt).LoadAddress;
            for (int i = 3; i * 8 < slots.Length; i++)
                Assert.Equal(pltStart + 16 + (ulong)(i - 3) * 16, BitConverter.ToUInt64(slots, i * 8));
        }
        return (sections, types);
    }

    /// <summary>The dynamic tags present (names' numbers, sorted), DT_PLTRELSZ's value and the JUMP_SLOT and GLOB_DAT
    /// counts of .rela.dyn: what .plt.got changes.</summary>
    private static string DynamicFacts(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        if (!elf.TryGetSection(".dynamic", out var dynamic)) return "static";
        byte[] d = ((Section<ulong>)dynamic).GetContents();
        var tags = new SortedSet<ulong>();
        ulong pltRelSize = 0;
        for (int i = 0; i + 16 <= d.Length; i += 16)
        {
            ulong tag = BitConverter.ToUInt64(d, i);
            // DT_RELACOUNT and DT_FLAGS/FLAGS_1 depend on things this test does not vary; DT_DEBUG and DT_NULL too.
            if (tag is 0 or 0x6ffffff9 or 21) continue;
            tags.Add(tag);
            if (tag == 2) pltRelSize = BitConverter.ToUInt64(d, i + 8);
        }
        int globDat = 0, jumpSlot = 0;
        if (elf.TryGetSection(".rela.dyn", out var relaDyn))
        {
            byte[] r = ((Section<ulong>)relaDyn).GetContents();
            for (int i = 0; i + 24 <= r.Length; i += 24)
                switch (BitConverter.ToUInt32(r, i + 8)) { case 6: globDat++; break; case 7: jumpSlot++; break; }
        }
        return $"tags={string.Join(",", tags.Select(t => t.ToString("x")))} PLTRELSZ={pltRelSize} GLOB_DAT={globDat} JUMP_SLOT={jumpSlot}";
    }

    /// <summary>Zeroes the 32-bit displacements of the entries GNU ld writes, leaving opcodes, no-ops and indexes.</summary>
    private static void Mask(string name, byte[] b, bool ibt, bool dynamic)
    {
        void Zero(int at) => Array.Clear(b, at, 4);
        int start = 0;
        if (name == ".plt" && dynamic)
        {
            Zero(2); Zero(8); // PLT0
            start = 16;
        }
        if (name == ".plt.got" && !ibt)
        {
            for (int at = 0; at + 8 <= b.Length; at += 8) Zero(at + 2);                   // jmp *slot; xchg %ax,%ax
            return;
        }
        for (int at = start; at + 16 <= b.Length; at += 16)
        {
            if (name == ".plt" && dynamic && ibt) Zero(at + 10);                           // endbr64; push i; jmp PLT0
            else if (name == ".plt" && dynamic) { Zero(at + 2); Zero(at + 12); }           // jmp *slot; push i; jmp PLT0
            else if (ibt) Zero(at + 6);                                                    // endbr64; jmp *slot; nopw
            else Zero(at + 2);                                                             // jmp *slot; nop
        }
    }
}
