// Option families and their spellings: every way GNU ld lets an option be written must land in the same
// LinkOptions field, and the ways it does not must fail like GNU ld. Positional state, output kinds and
// response files have their own test files.
using Wild.Cli.CommandLine;
using Wild.Engine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class ArgumentParserTests
{
    [Theory]
    [InlineData("-o", "out")]
    [InlineData("--output", "out")]
    [InlineData("-output", "out")]
    public void OutputWithSeparateValue(string option, string value) =>
        Assert.Equal("out", Options(option, value, "a.o").OutputPath);

    [Theory]
    [InlineData("-oout")]
    [InlineData("--output=out")]
    [InlineData("-output=out")]
    public void OutputWithJoinedValue(string arg) => Assert.Equal("out", Options(arg, "a.o").OutputPath);

    [Fact]
    public void OutputDefaultsToAOut() => Assert.Equal("a.out", Options("a.o").OutputPath);

    [Fact]
    public void LastOutputWins() => Assert.Equal("b", Options("-o", "a", "-o", "b", "x.o").OutputPath);

    [Theory]
    [InlineData("-lfoo")]
    [InlineData("-l foo")]
    [InlineData("--library=foo")]
    [InlineData("--library foo")]
    [InlineData("-library=foo")]
    public void LibrarySpellings(string argv) =>
        Assert.Equal([Lib("foo")], Options(argv.Split(' ')).Inputs);

    [Theory]
    [InlineData("-l:libfoo.a")]
    [InlineData("-l :libfoo.a")]
    [InlineData("--library=:libfoo.a")]
    public void VerbatimLibrary(string argv) =>
        Assert.Equal([Lib("libfoo.a", verbatim: true)], Options(argv.Split(' ')).Inputs);

    [Fact]
    public void EmptyVerbatimLibraryIsAnError() => Assert.Contains("-l:", ParseError("-l:"));

    [Fact]
    public void LibraryPathsKeepOrderAcrossSpellings() =>
        Assert.Equal(["/a", "/b", "/c", "/d"], Options("-L/a", "-L", "/b", "--library-path=/c", "--library-path", "/d", "x.o").LibraryPaths);

    [Fact]
    public void SysrootAppliesToEqualsAndDollarPaths() =>
        Assert.Equal(["/sr/usr/lib", "/sr/lib", "/plain"], Options("--sysroot=/sr", "-L=/usr/lib", "-L$SYSROOT/lib", "-L/plain", "x.o").LibraryPaths);

    [Theory]
    [InlineData("-m elf_x86_64", Wild.Engine.Elf.ElfConstants.EM_X86_64)]
    [InlineData("-melf_x86_64", Wild.Engine.Elf.ElfConstants.EM_X86_64)]
    [InlineData("-maarch64linux", Wild.Engine.Elf.ElfConstants.EM_AARCH64)]
    [InlineData("-m aarch64elf", Wild.Engine.Elf.ElfConstants.EM_AARCH64)]
    public void SupportedEmulationsAccepted(string argv, ushort machine) =>
        Assert.Equal(machine, Options([.. argv.Split(' '), "x.o"]).Machine);

    [Fact]
    public void NoEmulationLeavesTheMachineToTheInputs() => Assert.Equal(0, Options("x.o").Machine);

    [Theory]
    [InlineData("elf_i386")]
    [InlineData("elf32_x86_64")]
    [InlineData("aarch64linuxb")]
    [InlineData("armelf_linux_eabi")]
    public void OtherEmulationsRejected(string emulation) =>
        Assert.Equal($"unrecognised emulation mode: {emulation}", ParseError("-m", emulation, "x.o"));

    [Fact]
    public void OformatAcceptsOnlyElf64X86_64AndAArch64()
    {
        Assert.Single(Options("--oformat=elf64-x86-64", "x.o").Inputs);
        Assert.Single(Options("--oformat=elf64-littleaarch64", "x.o").Inputs);
        Assert.Contains("elf32-i386", ParseError("--oformat", "elf32-i386", "x.o"));
    }

    [Theory]
    [InlineData("-dynamic-linker /lib/ld.so")]
    [InlineData("--dynamic-linker /lib/ld.so")]
    [InlineData("--dynamic-linker=/lib/ld.so")]
    [InlineData("-dynamic-linker=/lib/ld.so")]
    [InlineData("-I/lib/ld.so")]
    [InlineData("-I /lib/ld.so")]
    public void DynamicLinkerSpellings(string argv) =>
        Assert.Equal("/lib/ld.so", Options([.. argv.Split(' '), "x.o"]).DynamicLinker);

    [Fact]
    public void NoDynamicLinkerClearsInterpreter()
    {
        LinkOptions o = Options("-dynamic-linker", "/lib/ld.so", "--no-dynamic-linker", "x.o");
        Assert.Null(o.DynamicLinker);
        Assert.True(o.NoDynamicLinker);
    }

    [Theory]
    [InlineData(new string[0], BuildIdKind.None)]
    [InlineData(new[] { "--build-id" }, BuildIdKind.Sha1)]
    [InlineData(new[] { "-build-id" }, BuildIdKind.Sha1)]
    [InlineData(new[] { "--build-id=sha1" }, BuildIdKind.Sha1)]
    [InlineData(new[] { "--build-id=md5" }, BuildIdKind.Md5)]
    [InlineData(new[] { "--build-id=uuid" }, BuildIdKind.Uuid)]
    [InlineData(new[] { "--build-id=fast" }, BuildIdKind.Fast)]
    [InlineData(new[] { "--build-id", "--build-id=none" }, BuildIdKind.None)]
    public void BuildIdStyles(string[] args, BuildIdKind expected) =>
        Assert.Equal(expected, Options([.. args, "x.o"]).BuildId);

    [Fact]
    public void BuildIdHexBytes()
    {
        LinkOptions o = Options("--build-id=0xDEADbeef01", "x.o");
        Assert.Equal(BuildIdKind.Hex, o.BuildId);
        Assert.Equal(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01 }, o.BuildIdBytes);
    }

    [Fact]
    public void BuildIdOptionalValueIsNeverTakenFromNextArgument()
    {
        // "--build-id sha1" is GNU ld's --build-id followed by an input named sha1.
        LinkOptions o = Options("--build-id", "md5", "x.o");
        Assert.Equal(BuildIdKind.Sha1, o.BuildId);
        Assert.Equal([FileInput("md5"), FileInput("x.o")], o.Inputs);
    }

    [Theory]
    [InlineData("--build-id=sha256", "unknown style 'sha256'")]
    [InlineData("--build-id=0xabc", "invalid hex string '0xabc'")]
    [InlineData("--build-id=0x", "invalid hex string '0x'")]
    [InlineData("--build-id=0xzz", "invalid hex string '0xzz'")]
    public void BadBuildIdIsAnError(string arg, string expected) => Assert.Contains(expected, ParseError(arg, "x.o"));

    [Theory]
    [InlineData("--hash-style=gnu", HashStyle.Gnu)]
    [InlineData("--hash-style=sysv", HashStyle.Sysv)]
    [InlineData("--hash-style=both", HashStyle.Both)]
    [InlineData("-hash-style=gnu", HashStyle.Gnu)]
    public void HashStyles(string arg, HashStyle expected) => Assert.Equal(expected, Options(arg, "x.o").HashStyle);

    [Fact]
    public void HashStyleSeparateValueAndDefault()
    {
        Assert.Equal(HashStyle.Gnu, Options("--hash-style", "gnu", "x.o").HashStyle);
        Assert.Equal(HashStyle.Both, Options("x.o").HashStyle);
        Assert.Equal("invalid hash style 'fnv' (expected sysv, gnu or both)", ParseError("--hash-style=fnv", "x.o"));
    }

    [Fact]
    public void EhFrameHdrAndGcSectionsToggle()
    {
        LinkOptions on = Options("--eh-frame-hdr", "--gc-sections", "--print-gc-sections", "x.o");
        Assert.True(on.EhFrameHdr);
        Assert.True(on.GcSections);
        Assert.True(on.PrintGcSections);
        LinkOptions off = Options("--eh-frame-hdr", "--no-eh-frame-hdr", "-gc-sections", "--no-gc-sections", "x.o");
        Assert.False(off.EhFrameHdr);
        Assert.False(off.GcSections);
    }

    [Theory]
    [InlineData("-soname libx.so.1")]
    [InlineData("--soname=libx.so.1")]
    [InlineData("-soname=libx.so.1")]
    [InlineData("-h libx.so.1")]
    [InlineData("-hlibx.so.1")]
    public void SonameSpellings(string argv) => Assert.Equal("libx.so.1", Options([.. argv.Split(' '), "x.o"]).SoName);

    [Fact]
    public void RpathAndRpathLinkKeepOrder()
    {
        LinkOptions o = Options("-rpath", "/a", "--rpath=/b", "-R", "/nonexistent-dir-for-rpath", "-rpath-link", "/l1", "-rpath-link=/l2", "x.o");
        Assert.Equal(["/a", "/b", "/nonexistent-dir-for-rpath"], o.RPath);
        Assert.Equal(["/l1", "/l2"], o.RPathLink);
    }

    [Fact]
    public void DashRWithAFileIsJustSymbols()
    {
        using var dir = new TempDir();
        string file = dir.Write("syms.o", "x");
        var o = Options("-R", file, "x.o");
        Assert.Equal([file], o.JustSymbols);
        Assert.Empty(o.RPath);
    }

    [Fact]
    public void NewDtagsDefaultOnAndToggle()
    {
        Assert.True(Options("x.o").NewDtags);
        Assert.False(Options("--disable-new-dtags", "x.o").NewDtags);
        Assert.True(Options("--disable-new-dtags", "--enable-new-dtags", "x.o").NewDtags);
    }

    [Theory]
    [InlineData("-E")]
    [InlineData("--export-dynamic")]
    [InlineData("-export-dynamic")]
    public void ExportDynamic(string arg) => Assert.True(Options(arg, "x.o").ExportDynamic);

    [Fact]
    public void NoExportDynamicCancels() => Assert.False(Options("-E", "--no-export-dynamic", "x.o").ExportDynamic);

    [Fact]
    public void UndefinedPolicy()
    {
        Assert.True(Options("--no-undefined", "x.o").NoUndefined);
        Assert.True(Options("-z", "defs", "x.o").NoUndefined);
        Assert.False(Options("-z", "defs", "-z", "undefs", "x.o").NoUndefined);
        Assert.Null(Options("x.o").AllowShlibUndefined);
        Assert.True(Options("--allow-shlib-undefined", "x.o").AllowShlibUndefined);
        Assert.False(Options("--no-allow-shlib-undefined", "x.o").AllowShlibUndefined);
    }

    [Theory]
    [InlineData("-s")]
    [InlineData("--strip-all")]
    [InlineData("-strip-all")]
    public void StripAll(string arg) => Assert.True(Options(arg, "x.o").StripAll);

    [Theory]
    [InlineData("-S")]
    [InlineData("--strip-debug")]
    public void StripDebug(string arg)
    {
        LinkOptions o = Options(arg, "x.o");
        Assert.True(o.StripDebug);
        Assert.False(o.StripAll);
    }

    [Theory]
    [InlineData("-x", DiscardLocals.All)]
    [InlineData("--discard-all", DiscardLocals.All)]
    [InlineData("-X", DiscardLocals.Temporary)]
    [InlineData("--discard-locals", DiscardLocals.Temporary)]
    [InlineData("--discard-none", DiscardLocals.None)]
    public void DiscardLocalsSpellings(string arg, DiscardLocals expected) => Assert.Equal(expected, Options(arg, "x.o").DiscardLocals);

    [Fact]
    public void VersionScriptsAndUndefinedVersion()
    {
        LinkOptions o = Options("--version-script=a.map", "--version-script", "b.map", "-version-script=c.map", "--no-undefined-version", "x.o");
        Assert.Equal(["a.map", "b.map", "c.map"], o.VersionScripts);
        Assert.True(o.NoUndefinedVersion);
        Assert.False(Options("--no-undefined-version", "--undefined-version", "x.o").NoUndefinedVersion);
    }

    [Fact]
    public void VersionScriptAndDynamicListAreFoundInEarlierLibraryPaths()
    {
        // GNU ld opens both like a -T script: as named, else in the -L directories given before them (a -L
        // after the option is not searched; binutils' own tests name their maps this way).
        using var dir = new TempDir();
        string map = dir.Write("v.map", "{ local: *; };");
        string list = dir.Write("d.list", "{ f; };");
        LinkOptions o = Options("-L", dir.Path, "--version-script", "v.map", "--dynamic-list=d.list", "x.o");
        Assert.Equal([map], o.VersionScripts);
        Assert.Equal([list], o.DynamicLists);
        Assert.Equal(["v.map"], Options("--version-script", "v.map", "-L", dir.Path, "x.o").VersionScripts);
    }

    [Fact]
    public void EntryUndefinedDefsymWrap()
    {
        LinkOptions o = Options("-e", "start", "-u", "a", "-ub", "--undefined=c", "--undefined", "d",
            "--defsym", "x=0x10", "--defsym=y=42", "--defsym=z=017", "--defsym=alias=target", "--wrap=malloc", "--wrap", "free", "x.o");
        Assert.Equal("start", o.Entry);
        Assert.Equal(["a", "b", "c", "d"], o.Undefined);
        Assert.Equal([new("x", "0x10"), new("y", "0x2a"), new("z", "0xf"), new KeyValuePair<string, string>("alias", "target")], o.DefSym);
        Assert.Equal(["malloc", "free"], o.Wrap);
    }

    // getopt_long_only reads "-unique=*foo*" as GNU ld's --unique, never as "-u nique=*foo*" (an undefined symbol).
    [Theory]
    [InlineData("-unique=*foo*", "*foo*")]
    [InlineData("--unique=.data.*", ".data.*")]
    public void UniqueIsReadAsUniqueNotAsDashU(string arg, string glob)
    {
        var o = Options("-r", arg, "x.o");
        Assert.Equal([glob], o.UniqueSections);
        Assert.False(o.UniqueOrphans);
        Assert.Empty(o.Undefined);
    }

    [Fact]
    public void UniqueWithoutSectionNamesTheOrphans()
    {
        var o = Options("-r", "--unique", "x.o");
        Assert.True(o.UniqueOrphans);
        Assert.Empty(o.UniqueSections);
    }

    [Theory]
    [InlineData("--entry=main")]
    [InlineData("-emain")]
    [InlineData("-entry=main")]
    public void EntrySpellings(string arg) => Assert.Equal("main", Options(arg, "x.o").Entry);

    [Theory]
    [InlineData("foo", "expected name=value")]
    [InlineData("=1", "expected name=value")]
    [InlineData("a=", "expected name=value")]
    public void BadDefsymIsAnError(string value, string expected) => Assert.Contains(expected, ParseError("--defsym", value, "x.o"));

    [Theory]
    [InlineData("a=b + 010", "b+0x8")]
    [InlineData("a = 4096", "0x1000")]
    [InlineData("a=end-start+0x10", "end-start+0x10")]
    [InlineData("a=0x1g", "0x1g")] // not a number: the engine refuses the expression by name
    public void DefsymNumbersAreNormalisedForTheEngine(string value, string expected) =>
        Assert.Equal(expected, Options("--defsym", value, "x.o").DefSym.Single().Value);

    [Fact]
    public void DynamicExportControls()
    {
        LinkOptions o = Options("--dynamic-list=d1", "--dynamic-list", "d2", "--dynamic-list-data",
            "--export-dynamic-symbol=foo*", "--export-dynamic-symbol", "bar", "--export-dynamic-symbol-list=l1", "x.o");
        Assert.Equal(["d1", "d2"], o.DynamicLists);
        Assert.True(o.DynamicListData);
        Assert.Equal(["foo*", "bar"], o.ExportDynamicSymbols);
        Assert.Equal(["l1"], o.ExportDynamicSymbolLists);
    }

    [Theory]
    [InlineData("-Bsymbolic", SymbolicMode.All)]
    [InlineData("--Bsymbolic", SymbolicMode.All)]
    [InlineData("-Bsymbolic-functions", SymbolicMode.Functions)]
    [InlineData("-Bsymbolic-non-weak", SymbolicMode.NonWeak)]
    [InlineData("-Bsymbolic-non-weak-functions", SymbolicMode.NonWeakFunctions)]
    public void SymbolicModes(string arg, SymbolicMode expected)
    {
        Assert.Equal(expected, Options(arg, "x.o").Symbolic);
        Assert.Equal(SymbolicMode.None, Options(arg, "-Bno-symbolic", "x.o").Symbolic);
    }

    [Theory]
    [InlineData(new[] { "--gdb-index" }, true)]
    [InlineData(new[] { "--gdb-index", "--no-gdb-index" }, false)]
    [InlineData(new[] { "--no-gdb-index", "--gdb-index" }, true)]
    [InlineData(new string[0], false)]
    public void GdbIndex(string[] args, bool expected) => Assert.Equal(expected, Options([.. args, "x.o"]).GdbIndex);

    [Theory]
    [InlineData("--compress-debug-sections=zlib", DebugCompression.Zlib)]
    [InlineData("--compress-debug-sections=zstd", DebugCompression.Zstd)]
    [InlineData("--compress-debug-sections=none", DebugCompression.None)]
    [InlineData("--compress-debug-sections=zlib-gabi", DebugCompression.Zlib)]
    public void CompressDebugSections(string arg, DebugCompression expected) =>
        Assert.Equal(expected, Options(arg, "x.o").CompressDebugSections);

    [Fact]
    public void CompressDebugSectionsRejectsUnknownKinds() =>
        Assert.Contains("'lzma'", ParseError("--compress-debug-sections=lzma", "x.o"));

    /// <summary>GNU ld's zlib-gnu (renamed .zdebug_* sections) is refused by name rather than written as zlib-gabi.</summary>
    [Fact]
    public void CompressDebugSectionsRefusesZlibGnuByName() =>
        Assert.Contains("zlib-gnu: the legacy .zdebug_* output format is not supported", ParseError("--compress-debug-sections=zlib-gnu", "x.o"));

    [Fact]
    public void MapsTracingAndFiles()
    {
        LinkOptions o = Options("-Map=out.map", "--cref", "-t", "-y", "foo", "--trace-symbol=bar", "-ybaz",
            "--why-extract=-", "--dependency-file=out.d", "--exclude-libs=liba.a,libb.a:libc.a", "--exclude-libs", "ALL", "x.o");
        Assert.Equal("out.map", o.MapFile);
        Assert.True(o.Cref);
        Assert.True(o.Trace);
        Assert.Equal(["foo", "bar", "baz"], o.TraceSymbols);
        Assert.Equal("-", o.WhyExtract);
        Assert.Equal("out.d", o.DependencyFile);
        Assert.Equal(["liba.a", "libb.a", "libc.a", "ALL"], o.ExcludeLibs);
    }

    [Theory]
    [InlineData(new[] { "-Map", "m" }, "m")]
    [InlineData(new[] { "--Map=m" }, "m")]
    [InlineData(new[] { "-M" }, "-")]
    [InlineData(new[] { "--print-map" }, "-")]
    public void MapSpellings(string[] args, string expected) => Assert.Equal(expected, Options([.. args, "x.o"]).MapFile);

    [Fact]
    public void FatalWarningsAndRelax()
    {
        Assert.True(Options("--fatal-warnings", "x.o").FatalWarnings);
        Assert.False(Options("--fatal-warnings", "--no-fatal-warnings", "x.o").FatalWarnings);
        Assert.True(Options("x.o").Relax);
        Assert.False(Options("--no-relax", "x.o").Relax);
    }

    [Theory]
    [InlineData(new[] { "--threads=4" }, 4)]
    [InlineData(new[] { "--threads", "4" }, 4)]
    [InlineData(new[] { "--threads" }, 0)]
    [InlineData(new[] { "--no-threads" }, 1)]
    [InlineData(new[] { "--thread-count", "3" }, 3)]
    [InlineData(new[] { "--thread-count=7" }, 7)]
    [InlineData(new[] { "--threads=8", "--no-threads" }, 1)]
    public void ThreadSpellings(string[] args, int expected) => Assert.Equal(expected, Options([.. args, "x.o"]).Threads);

    [Fact]
    public void ThreadsWithoutValueDoesNotSwallowAnInput() =>
        Assert.Equal([FileInput("x.o")], Options("--threads", "x.o").Inputs);

    [Theory]
    [InlineData("--threads=0")]
    [InlineData("--threads=-2")]
    [InlineData("--threads=many")]
    [InlineData("--thread-count=0")]
    public void BadThreadCountIsAnError(string arg) => Assert.Contains("invalid thread count", ParseError(arg, "x.o"));

    [Theory]
    [InlineData("-threads")]
    [InlineData("-no-threads")]
    [InlineData("-time")]
    public void TwoDashOnlyOptionsAreUnrecognisedWithOneDash(string arg) =>
        Assert.Equal($"unrecognized option '{arg}'", ParseError(arg, "x.o"));

    [Fact]
    public void PluginAndItsOptionsAreKeptInOrderInEverySpelling()
    {
        // gcc's spelling, then clang's, then lld's two-dash one; options may come before -plugin (clang's order).
        var o = Options("-plugin-opt=mcpu=x86-64", "-plugin", "/usr/lib/liblto_plugin.so", "-plugin-opt=-fresolution=/tmp/x.res",
            "--plugin-opt=O2", "-plugin-opt", "thinlto", "x.o");
        Assert.Equal("/usr/lib/liblto_plugin.so", o.Plugin);
        Assert.Equal(["mcpu=x86-64", "-fresolution=/tmp/x.res", "O2", "thinlto"], o.PluginOptions);
        Assert.Equal([FileInput("x.o")], o.Inputs);
        Assert.Equal("/p.so", Options("--plugin", "/p.so", "x.o").Plugin);
        Assert.Null(Options("x.o").Plugin);
    }

    [Fact]
    public void ASecondDifferentPluginIsRefused() =>
        Assert.Contains("only one linker plugin is supported", ParseError("-plugin", "/a.so", "-plugin", "/b.so", "x.o"));

    [Fact]
    public void TimeFlag() => Assert.True(Options("--time", "x.o").PrintTimings);

    [Theory]
    [InlineData("-O1")]
    [InlineData("-O2")]
    [InlineData("-nostdlib")]
    [InlineData("--no-keep-memory")]
    [InlineData("--warn-execstack")]
    [InlineData("--copy-dt-needed-entries")]
    [InlineData("--no-copy-dt-needed-entries")]
    [InlineData("--sort-common")]
    [InlineData("--sort-common=descending")]
    [InlineData("--color-diagnostics")]
    [InlineData("--no-warn-rwx-segments")]
    [InlineData("--error-unresolved-symbols")]
    [InlineData("-EL")]
    [InlineData("-g")]
    public void NoOpsChangeNothing(string arg)
    {
        LinkOptions plain = Options("x.o");
        ParsedCommandLine withOption = Parse(arg, "x.o");
        Assert.Empty(withOption.Warnings);
        // Records compare lists by reference, so compare the parts a no-op could disturb.
        Assert.Equal(plain.Inputs, withOption.Options.Inputs);
        Assert.Equal(plain.Kind, withOption.Options.Kind);
        Assert.Equal(plain.Z, withOption.Options.Z);
        Assert.Equal(plain.OutputPath, withOption.Options.OutputPath);
    }

    [Theory]
    [InlineData("-O 1")]
    [InlineData("--sort-section name")]
    public void NoOpsWithSeparateValueConsumeIt(string argv) =>
        Assert.Equal([FileInput("x.o")], Options([.. argv.Split(' '), "x.o"]).Inputs);

    [Fact]
    public void IcfTakesLldsModesAndRefusesOthers()
    {
        Assert.Empty(Parse("--icf=all", "x.o").Warnings);
        Assert.Equal(IcfMode.All, Options(["--icf=all", "x.o"]).Icf);
        Assert.Equal(IcfMode.Safe, Options(["--icf", "safe", "x.o"]).Icf);
        Assert.Equal(IcfMode.None, Options(["--icf=all", "--icf=none", "x.o"]).Icf);
        Assert.Equal(IcfMode.None, Options(["x.o"]).Icf);
        var o = Options(["--icf=all", "--print-icf-sections", "--keep-unique=main", "--keep-unique", "f", "x.o"]);
        Assert.True(o.PrintIcfSections);
        Assert.Equal(["main", "f"], o.KeepUnique);
        Assert.False(Options(["--print-icf-sections", "--no-print-icf-sections", "x.o"]).PrintIcfSections);
        var e = Assert.Throws<CommandLineException>(() => Parse("--icf=most", "x.o"));
        Assert.Contains("--icf: unknown value 'most' (expected all, safe or none)", e.Message);
    }

    [Fact]
    public void EmitRelocsIsAFlagThatRefusesRelocatableOutputInEitherOrder()
    {
        Assert.True(Options(["-q", "x.o"]).EmitRelocs);
        Assert.True(Options(["--emit-relocs", "x.o"]).EmitRelocs);
        Assert.False(Options(["x.o"]).EmitRelocs);
        Assert.Equal("-r and --emit-relocs may not be used together", ParseError(["-r", "-q", "x.o"]));
        Assert.Equal("-r and --emit-relocs may not be used together", ParseError(["--emit-relocs", "--relocatable", "x.o"]));
    }

    [Theory]
    [InlineData(new[] { "--format=binary" }, "unsupported option: --format (")]
    [InlineData(new[] { "-b", "binary" }, "unsupported option: -b (")]
    [InlineData(new[] { "--mri-script=x.mri" }, "unsupported option: --mri-script (")]
    [InlineData(new[] { "--default-imported-symver" }, "unsupported option: --default-imported-symver (imports versioned after")]
    public void UnsupportedOptionsAreRefused(string[] args, string expectedStart) =>
        Assert.StartsWith(expectedStart, ParseError([.. args, "x.o"]));

    /// <summary>mold's --separate-debug-file, with or without its file, is refused with the objcopy steps that make
    /// the same two files (and, without '=', takes no operand: x.o stays an input).</summary>
    [Theory]
    [InlineData("--separate-debug-file")]
    [InlineData("--separate-debug-file=app.dbg")]
    public void SeparateDebugFileIsRefusedWithTheObjcopyRecipe(string option)
    {
        string error = ParseError([option, "x.o"]);
        Assert.StartsWith("unsupported option: --separate-debug-file (mold's option; GNU ld has none.", error);
        Assert.Contains("'objcopy --only-keep-debug OUT OUT.dbg' and 'objcopy --strip-debug --add-gnu-debuglink=OUT.dbg OUT'", error);
    }

    [Fact]
    public void FixedAddressesAreReadAsHexAsGnuLdReadsThem()
    {
        // GNU ld reads -T addresses as hexadecimal, 0x or not; the last address for a section wins.
        var o = Options(["-Ttext=400000", "-Tdata", "0x500000", "-Tbss=0x600000", "--section-start=.rodata=7000", "--section-start=.text=0x401000", "x.o"]);
        Assert.Equal([new(".data", 0x500000UL), new(".bss", 0x600000UL), new(".rodata", 0x7000UL), new KeyValuePair<string, ulong>(".text", 0x401000UL)],
            o.SectionStarts);
        Assert.Equal(0x800000UL, Options(["-Ttext-segment=800000", "x.o"]).ImageBase);
        Assert.Equal(0x500000UL, Options(["-Trodata-segment=0x500000", "x.o"]).RodataSegment);
        Assert.Equal(0x900000UL, Options(["-Tldata-segment", "900000", "x.o"]).LdataSegment);
        // A section name may hold '=' itself: the address follows the last one.
        Assert.Equal(new KeyValuePair<string, ulong>("a=b", 0x10UL), Options(["--section-start=a=b=10", "x.o"]).SectionStarts[0]);
        Assert.StartsWith("-Ttext: invalid hex number 'zz'", ParseError(["-Ttext=zz", "x.o"]));
        Assert.StartsWith("--section-start: invalid argument '.text'", ParseError(["--section-start=.text", "x.o"]));
    }

    [Fact]
    public void MagicOptionsSetTheLayoutAndStopSharedLibrarySearch()
    {
        Assert.Equal(OutputMagic.OMagic, Options(["-N", "x.o"]).Magic);
        Assert.Equal(OutputMagic.OMagic, Options(["--omagic", "x.o"]).Magic);
        Assert.Equal(OutputMagic.NMagic, Options(["-n", "x.o"]).Magic);
        Assert.Equal(OutputMagic.NMagic, Options(["--nmagic", "x.o"]).Magic);
        Assert.Equal(OutputMagic.Paged, Options(["x.o"]).Magic);
        // GNU ld: -N/-n turn off dynamic linking from there on, as -Bstatic does.
        var libs = Options(["-lbefore", "-N", "-lafter"]).Inputs.OfType<InputSpec.Library>().ToList();
        Assert.False(libs[0].Modifiers.StaticOnly);
        Assert.True(libs[1].Modifiers.StaticOnly);
    }

    [Fact]
    public void JustSymbolsNamesTheSymbolFileAndRWithADirectoryStaysRpath()
    {
        Assert.Equal(["rom.elf"], Options(["--just-symbols=rom.elf", "x.o"]).JustSymbols);
        var o = Options(["-R", "/usr/lib", "x.o"]);
        Assert.Empty(o.JustSymbols);
        Assert.Equal(["/usr/lib"], o.RPath);
    }

    [Theory]
    [InlineData("--frobnicate")]
    [InlineData("-wibble")]
    [InlineData("--v")]
    [InlineData("--E")]
    [InlineData("--s")]
    [InlineData("-rdynamic")]
    [InlineData("--O1")]
    [InlineData("-st")]
    [InlineData("-k")]
    public void UnknownOptionsAreUnrecognised(string arg)
    {
        var e = Assert.Throws<Wild.Cli.CommandLine.CommandLineException>(() => Parse(arg, "x.o"));
        Assert.Equal($"unrecognized option '{arg}'", e.Message);
        Assert.Equal("use the --help option for usage information", e.Hint);
    }

    [Fact]
    public void StartLibMarkersKeepTheirPlaceAmongInputs()
    {
        var inputs = Parse("a.o", "--start-lib", "b.o", "-lc", "--end-lib", "c.o").Options.Inputs;
        Assert.Collection(inputs,
            i => Assert.Equal("a.o", Assert.IsType<InputSpec.File>(i).Path),
            i => Assert.IsType<InputSpec.LibStart>(i),
            i => Assert.Equal("b.o", Assert.IsType<InputSpec.File>(i).Path),
            i => Assert.Equal("c", Assert.IsType<InputSpec.Library>(i).Name),
            i => Assert.IsType<InputSpec.LibEnd>(i),
            i => Assert.Equal("c.o", Assert.IsType<InputSpec.File>(i).Path));
    }

    [Fact]
    public void AuditAndFilterNamesAccumulateInOrder()
    {
        var o = Parse("--audit", "a.so", "--audit=b.so", "-P", "c.so", "--depaudit=d.so", "-F", "x.so", "--filter=y.so", "-f", "p.so", "--auxiliary=q.so", "x.o").Options;
        Assert.Equal(["a.so", "b.so"], o.Audit);
        Assert.Equal(["c.so", "d.so"], o.DepAudit);
        Assert.Equal("y.so", o.Filter);
        Assert.Equal(["p.so", "q.so"], o.AuxiliaryFilters);
    }

    [Fact]
    public void OneDashUnknownWordFallsBackToShortOptionLikeGetopt() =>
        // ld.bfd reads -frobnicate as "-f robnicate" too (and then says "-f may not be used without -shared").
        Assert.Equal(["robnicate"], Parse("-frobnicate", "x.o").Options.AuxiliaryFilters);

    [Theory]
    [InlineData(new[] { "x.o", "-o" }, "option '-o' requires an argument")]
    [InlineData(new[] { "x.o", "--output" }, "option '--output' requires an argument")]
    [InlineData(new[] { "x.o", "-soname" }, "option '-soname' requires an argument")]
    [InlineData(new[] { "x.o", "-z" }, "option '-z' requires an argument")]
    [InlineData(new[] { "x.o", "-plugin" }, "option '-plugin' requires an argument")]
    [InlineData(new[] { "x.o", "--gc-sections=yes" }, "option '--gc-sections' doesn't allow an argument")]
    [InlineData(new[] { "x.o", "-pie=1" }, "option '-pie' doesn't allow an argument")]
    public void ArgumentArityErrors(string[] args, string expected) => Assert.Equal(expected, ParseError(args));

    [Fact]
    public void DoubleDashEndsOptions() =>
        Assert.Equal([FileInput("a.o"), FileInput("-weird.o"), FileInput("--also")], Options("a.o", "--", "-weird.o", "--also").Inputs);

    [Fact]
    public void LoneDashIsAnInput() => Assert.Equal([FileInput("-")], Options("-").Inputs);

    [Theory]
    [InlineData("--version")]
    [InlineData("-version")]
    public void VersionOnly(string arg)
    {
        ParsedCommandLine p = Parse(arg, "x.o");
        Assert.True(p.VersionOnly);
        Assert.False(p.ShowVersion);
    }

    [Theory]
    [InlineData("-v", false)]
    [InlineData("--verbose", false)]
    [InlineData("-V", true)]
    public void VerboseVersionKeepsLinking(string arg, bool emulations)
    {
        ParsedCommandLine p = Parse(arg, "x.o");
        Assert.True(p.ShowVersion);
        Assert.False(p.VersionOnly);
        Assert.Equal(emulations, p.ShowEmulations);
        Assert.Equal(1, p.InputCount);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-help")]
    public void Help(string arg) => Assert.True(Parse(arg).ShowHelp);
}
