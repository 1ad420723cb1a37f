// -z keywords compared with GNU ld 2.40 on the same objects: noreloc-overflow (R_X86_64_32/32S in a PIE),
// start-stop-gc (what --gc-sections keeps of __start_/__stop_ sections, and what a weak __start_ of a collected
// one is), indirect-extern-access (the 1_needed property) and common/nocommon (a -r output's common symbol type).
// wild parses the same argv and links in-process; readelf and ELFSharp read both outputs.
using System.Text.RegularExpressions;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Cli.CommandLine;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Tests.Engine;

public sealed class ZKeywordParityTests
{
    private const string Imm32 = ".globl _start\n.type _start, @function\n_start:\n movl $foo, %eax\n movq $foo, %rax\n ret\n.data\nfoo:\n .quad 0\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NoRelocOverflowLinksAbsolute32AsGnuLdDoes(bool packRelative)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "imm", Imm32);
        string[] args = ["-pie", "-z", "noreloc-overflow", "-z", "notext", .. packRelative ? new[] { "-z", "pack-relative-relocs" } : [], obj];
        var (gnu, wild) = LinkBoth(dir, args);
        // GNU ld: R_X86_64_32 gets a RELATIVE relocation (never packed into .relr.dyn), 32S only its link-time value
        // (and a meaningless R_X86_64_NONE, which wild does not write).
        Assert.Equal(["R_X86_64_RELATIVE"], DynamicRelocationTypes(dir, gnu).Where(t => t != "R_X86_64_NONE"));
        Assert.Equal(["R_X86_64_RELATIVE"], DynamicRelocationTypes(dir, wild));
        foreach (string output in new[] { gnu, wild })
        {
            ulong foo = SymbolValue(output, "foo"), start = SymbolValue(output, "_start");
            byte[] text = Section(output, ".text", out ulong textAddress);
            int at = (int)(start - textAddress);
            Assert.Equal((uint)foo, BitConverter.ToUInt32(text, at + 1));  // movl $foo, %eax: b8 imm32
            Assert.Equal((uint)foo, BitConverter.ToUInt32(text, at + 8));  // movq $foo, %rax: 48 c7 c0 imm32
        }
    }

    [Fact]
    public void WithoutNoRelocOverflowAbsolute32IsRefusedInAPie()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "imm", Imm32);
        Assert.NotEqual(0, Corpus.ProcessRunner.Run("ld", ["-pie", obj, "-o", "gnu"], dir.Dir, TimeSpan.FromMinutes(1)).ExitCode);
        var e = Assert.Throws<LinkException>(() => LinkWild(dir, ["-pie", obj]));
        Assert.Contains("can not be used when making a PIE object", e.Message);
    }

    // xx is reached only through __start_xx (weak); yy is SHF_GNU_RETAIN; zz is referenced from _start's code.
    private const string StartStop = """
        .weak __start_xx
        .text
        .globl _start
        .type _start, @function
        _start:
         movq __start_xx@GOTPCREL(%rip), %rdi
         movq __start_yy@GOTPCREL(%rip), %rax
         movq __stop_zz@GOTPCREL(%rip), %rax
         lea zzdata(%rip), %rax
         xor %ecx, %ecx
         test %rdi, %rdi
         setne %cl
         mov %ecx, %edi
         mov $60, %eax
         syscall
        .section xx,"a"
         .byte 1
        .section yy,"aR"
         .byte 2
        .section zz,"a"
        zzdata:
         .byte 3
        """;

    [Theory]
    [InlineData("-no-pie")]
    [InlineData("-pie", "--no-dynamic-linker")] // bare ld's PT_INTERP would be /lib/ld64.so.1
    public void StartStopGcKeepsWhatGnuLdKeeps(params string[] mode)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "startstop", StartStop);
        foreach (string[] z in new[] { Array.Empty<string>(), ["-z", "start-stop-gc"], ["-z", "start-stop-gc", "-z", "nostart-stop-gc"] })
        {
            var (gnu, wild) = LinkBoth(dir, [.. mode, "--gc-sections", .. z, obj]);
            Assert.Equal(SectionNames(gnu, "xx", "yy", "zz"), SectionNames(wild, "xx", "yy", "zz"));
            // The program exits with 1 if __start_xx is not 0: 0 where xx was collected, as GNU ld leaves the weak
            // symbol undefined (0) then.
            Assert.Equal(Tools.Exec(gnu).ExitCode, Tools.Exec(wild).ExitCode);
        }
        Assert.DoesNotContain("xx", SectionNames(LinkBoth(dir, [.. mode, "--gc-sections", "-z", "start-stop-gc", obj]).Wild, "xx"));
    }

    [Fact]
    public void StartStopGcLeavesAStrongReferenceToACollectedSectionUndefined()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "strong", StartStop.Replace(".weak __start_xx", "", StringComparison.Ordinal));
        string[] args = ["--gc-sections", "-z", "start-stop-gc", obj];
        var gnu = Corpus.ProcessRunner.Run("ld", [.. args, "-o", "gnu"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.Contains("undefined reference to `__start_xx'", gnu.Stderr);
        Assert.Contains("undefined symbol: __start_xx", Assert.Throws<LinkException>(() => LinkWild(dir, args)).Message);
    }

    [Theory]
    [InlineData("-shared", "indirect-extern-access")]
    [InlineData("-pie", "indirect-extern-access")]
    [InlineData("-shared", "indirect-extern-access", "noindirect-extern-access")]
    [InlineData("-r", "indirect-extern-access")]
    public void IndirectExternAccessIsMarkedAsGnuLdMarksIt(string mode, params string[] keywords)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "empty", ".text\n.globl _start\n_start:\n ret\n");
        var (gnu, wild) = LinkBoth(dir, [mode, .. keywords.SelectMany(k => new[] { "-z", k }), obj]);
        Assert.Equal(Properties(dir, gnu), Properties(dir, wild));
        // It implies -z nocopyreloc, which a later -z noindirect-extern-access leaves set.
        Assert.True(ArgumentParser.Parse([.. keywords.SelectMany(k => new[] { "-z", k }), obj]).Options.Z.NoCopyReloc);
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(false, "common")]
    [InlineData(false, "nocommon")]
    [InlineData(true, "")]
    [InlineData(true, "common")]
    [InlineData(true, "nocommon")]
    public void CommonKeywordsTypeARelocatableOutputsCommonsAsGnuLdTypesThem(bool sttCommonInput, string keyword)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "common", ".comm foo, 4, 4\n.text\n.globl _start\n_start:\n ret\n",
            sttCommonInput ? "--elf-stt-common=yes" : "--elf-stt-common=no");
        var (gnu, wild) = LinkBoth(dir, ["-r", .. keyword.Length > 0 ? new[] { "-z", keyword } : [], obj]);
        string expected = FooType(dir, gnu);
        Assert.Equal(sttCommonInput && keyword != "nocommon" || keyword == "common" ? "COMMON" : "OBJECT", expected);
        Assert.Equal(expected, FooType(dir, wild));
    }

    /// <summary>Links with GNU ld and with wild (the same argv through wild's parser, in-process), to fresh names.</summary>
    // binutils' pr27825-1a.s and -1b.s: the same three local names in two objects.
    private const string Locals = ".text\n.globl _start\n_start:\nbar:\nbar.1:\nbar.2:\n .nop\n";

    [Theory]
    [InlineData("-z", "unique-symbol")]
    [InlineData("-z", "unique-symbol", "--emit-relocs")]
    [InlineData("-z", "unique-symbol", "-z", "nounique-symbol")]
    [InlineData("-z", "unique-symbol", "-pie")]
    public void UniqueSymbolNamesLocalsAsGnuLdNamesThem(params string[] args)
    {
        using var dir = new Scratch();
        string a = Tools.Assemble(dir, "a", Locals);
        string b = Tools.Assemble(dir, "b", Locals.Replace(".globl _start\n_start:\n", "", StringComparison.Ordinal));
        var (gnu, wild) = LinkBoth(dir, ["-e", "_start", .. args, a, b]);
        var expected = LocalNames(dir, gnu);
        Assert.Equal(args.Contains("nounique-symbol") ? ["bar", "bar", "bar.1", "bar.1", "bar.2", "bar.2"]
            : ["bar.0", "bar.1", "bar.1.0", "bar.1.1", "bar.2.0", "bar.2.1"], expected);
        Assert.Equal(expected, LocalNames(dir, wild));
    }

    [Fact]
    public void UniqueSymbolIsRefusedWithRelocatableOutputRatherThanDropped()
    {
        using var dir = new Scratch();
        string a = Tools.Assemble(dir, "a", Locals);
        Assert.Contains("-z unique-symbol with -r", Assert.Throws<LinkException>(() => LinkWild(dir, ["-r", "-z", "unique-symbol", a])).Message);
    }

    private static List<string> LocalNames(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("nm", dir.Dir, "--defined-only", file).Stdout, @"^[0-9a-f]+ t (\S+)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();

    internal static (string Gnu, string Wild) LinkBoth(Scratch dir, string[] args)
    {
        string name = "out" + Guid.NewGuid().ToString("N")[..8];
        string gnu = dir.PathOf(name + ".gnu");
        Tools.Run("ld", dir.Dir, [.. args, "-o", gnu]);
        return (gnu, LinkWild(dir, args, name + ".wild"));
    }

    private static string LinkWild(Scratch dir, string[] args, string name = "out.wild")
    {
        string wild = dir.PathOf(name);
        Linker.Link(ArgumentParser.Parse([.. args, "-o", wild]).Options, new DiagnosticBag());
        return wild;
    }

    private static List<string> DynamicRelocationTypes(Scratch dir, string file) =>
        Regex.Matches(Tools.Run("readelf", dir.Dir, "-rW", file).Stdout, @"^[0-9a-f]+\s+[0-9a-f]+\s+(R_X86_64_\w+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

    private static ulong SymbolValue(string file, string name)
    {
        using var elf = ELFReader.Load<ulong>(file);
        return elf.GetSections<SymbolTable<ulong>>().SelectMany(t => t.Entries).First(e => e.Name == name).Value;
    }

    private static byte[] Section(string file, string name, out ulong address)
    {
        using var elf = ELFReader.Load<ulong>(file);
        var section = (Section<ulong>)elf.GetSection(name);
        address = section.LoadAddress;
        return section.GetContents();
    }

    private static List<string> SectionNames(string file, params string[] names)
    {
        using var elf = ELFReader.Load<ulong>(file);
        return elf.Sections.Select(s => s.Name).Where(names.Contains).Order(StringComparer.Ordinal).ToList();
    }

    private static string Properties(Scratch dir, string file) =>
        string.Join("\n", Tools.Run("readelf", dir.Dir, "-nW", file).Stdout.Split('\n').Where(l => l.Contains("Properties:")).Select(l => l.Trim()));

    private static string FooType(Scratch dir, string file) =>
        Regex.Match(Tools.Run("readelf", dir.Dir, "-sW", file).Stdout, @"^\s*\d+:\s+[0-9a-f]+\s+\d+\s+(\w+)\s+\w+\s+\w+\s+\w+\s+foo$", RegexOptions.Multiline).Groups[1].Value;
}
