// -z keywords in both spellings (-z kw, -zkw), their values, unknown keywords (warned and ignored as
// ld.bfd does) and refused ones.
using Wild.Cli.CommandLine;
using Wild.Engine;
using static Wild.Engine.Tests.Cli.CliTestSupport;

namespace Wild.Engine.Tests.Cli;

public class ZKeywordTests
{
    [Fact]
    public void DefaultsMatchGnuLd()
    {
        ZOptions z = Options("x.o").Z;
        Assert.True(z.Relro);
        Assert.False(z.Now);
        Assert.False(z.Text);
        Assert.Null(z.ExecStack); // decided by the inputs' .note.GNU-stack
        Assert.Null(z.SeparateCode); // the architecture's: GNU ld separates code on x86-64, not on AArch64
        Assert.Equal(0ul, z.MaxPageSize); // the architecture's default: 4 KiB on x86-64, 64 KiB on AArch64
    }

    [Fact]
    public void SeparateSpelling()
    {
        ZOptions z = Options("-z", "norelro", "-z", "now", "-z", "text", "-z", "execstack", "-z", "noseparate-code",
            "-z", "nocopyreloc", "-z", "origin", "-z", "nodelete", "-z", "pack-relative-relocs", "-z", "muldefs", "x.o").Z;
        Assert.Equal(new ZOptions
        {
            Relro = false, Now = true, Text = true, ExecStack = true, SeparateCode = false,
            NoCopyReloc = true, Origin = true, Flags1 = Wild.Engine.Elf.ElfConstants.DF_1_NODELETE, PackRelativeRelocs = true, MulDefs = true,
        }, z);
    }

    [Fact]
    public void JoinedSpellingAndLastWins()
    {
        ZOptions z = Options("-znow", "-zlazy", "-znoexecstack", "-zrelro", "-ztext", "-znotext", "x.o").Z;
        Assert.False(z.Now);
        Assert.False(z.ExecStack);
        Assert.True(z.Relro);
        Assert.False(z.Text);
    }

    [Theory]
    [InlineData("max-page-size=0x200000", 0x200000ul)]
    [InlineData("max-page-size=4096", 4096ul)]
    [InlineData("max-page-size=010000", 4096ul)]
    public void MaxPageSize(string kw, ulong expected)
    {
        Assert.Equal(expected, Options("-z", kw, "x.o").Z.MaxPageSize);
        Assert.Equal(expected, Options("-z" + kw, "x.o").Z.MaxPageSize);
    }

    [Theory]
    [InlineData("max-page-size=0")]
    [InlineData("max-page-size=3000")]
    [InlineData("max-page-size=zz")]
    public void BadPageSizeIsAnError(string kw) => Assert.Contains("invalid page size", ParseError("-z", kw, "x.o"));

    [Fact]
    public void PackDynRelocsMapsToPackRelativeRelocs()
    {
        Assert.True(Options("--pack-dyn-relocs=relr", "x.o").Z.PackRelativeRelocs);
        Assert.False(Options("-z", "pack-relative-relocs", "--pack-dyn-relocs=none", "x.o").Z.PackRelativeRelocs);
        Assert.Contains("'android'", ParseError("--pack-dyn-relocs=android", "x.o"));
    }

    [Fact]
    public void IbtAndShstkForceTheirFeatureBits()
    {
        ZOptions z = Options("-z", "ibt", "-zshstk", "x.o").Z;
        Assert.True(z.Ibt);
        Assert.True(z.Shstk);
    }

    [Fact]
    public void AllowMultipleDefinitionIsMuldefs() => Assert.True(Options("--allow-multiple-definition", "x.o").Z.MulDefs);

    [Theory]
    [InlineData("x86-64-baseline", 1u)]
    [InlineData("x86-64-v2", 2u)]
    [InlineData("x86-64-v3", 4u)]
    [InlineData("x86-64-v4", 8u)]
    public void IsaLevelKeywordsSetTheNeededIsaLevel(string kw, uint bit)
    {
        ParsedCommandLine p = Parse("-z", kw, "x.o");
        Assert.Empty(p.Warnings);
        Assert.Equal(bit, p.Options.Z.IsaLevelNeeded);
        Assert.Equal(2u, Parse("-z", "x86-64-v4", "-z", "x86-64-v2", "x.o").Options.Z.IsaLevelNeeded);
    }

    [Theory]
    [InlineData("call-nop=prefix-addr", 0x67, false)]
    [InlineData("call-nop=suffix-nop", 0x90, true)]
    [InlineData("call-nop=prefix-0x2e", 0x2e, false)]
    [InlineData("call-nop=suffix-144", 0x90, true)]
    [InlineData("call-nop=suffix-0220", 0x90, true)]
    [InlineData("call-nop=prefix-", 0, false)] // strtoul of nothing is 0, as GNU ld reads it
    public void CallNopReadsItsByteAsGnuLdDoes(string kw, int pad, bool suffix)
    {
        ZOptions z = Options("-z", kw, "x.o").Z;
        Assert.Equal((byte)pad, z.CallNopByte);
        Assert.Equal(suffix, z.CallNopSuffix);
        Assert.Equal(0x67, new ZOptions().CallNopByte);
    }

    [Fact]
    public void X86KeywordsSetTheirOptionsAndTheLastWins()
    {
        ZOptions z = Options("-z", "lam-u57", "-z", "noreloc-overflow", "-z", "start-stop-gc", "-z", "indirect-extern-access",
            "-z", "common", "-z", "cet-report=error", "-z", "lam-report=warning", "-z", "lam-u57-report=none", "x.o").Z;
        Assert.Equal(new ZOptions
        {
            LamU57 = true, NoRelocOverflow = true, StartStopGc = true, IndirectExternAccess = true, NoCopyReloc = true, SttCommon = true,
            CetReport = PropertyReport.Error, LamU48Report = PropertyReport.Warning, LamU57Report = PropertyReport.None,
        }, z);
        Assert.Empty(Parse("-z", "lam-u48", "-z", "nocommon", "x.o").Warnings);
        ZOptions undone = Options("-z", "start-stop-gc", "-z", "nostart-stop-gc", "-z", "indirect-extern-access", "-z", "noindirect-extern-access",
            "-z", "common", "-z", "nocommon", "x.o").Z;
        Assert.False(undone.StartStopGc);
        Assert.False(undone.IndirectExternAccess);
        Assert.False(undone.SttCommon);
    }

    [Theory]
    [InlineData("common-page-size=0x1000")]
    [InlineData("combreloc")]
    public void IgnoredKeywordsAreSilent(string kw)
    {
        ParsedCommandLine p = Parse("-z", kw, "x.o");
        Assert.Empty(p.Warnings);
        Assert.Equal(new ZOptions(), p.Options.Z);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("relro=1")]
    [InlineData("max-page-size")]
    public void UnknownKeywordsWarnLikeLdBfd(string kw) =>
        Assert.Equal([$"-z {kw} ignored"], Parse("-z", kw, "x.o").Warnings);

    [Theory]
    [InlineData(new[] { "-z", "nodynamic-undefined-weak" }, false)]
    [InlineData(new[] { "-z", "nodynamic-undefined-weak", "-z", "dynamic-undefined-weak" }, true)]
    [InlineData(new string[0], true)]
    public void UndefinedWeakKeywordsTheLastWins(string[] args, bool dynamic) =>
        Assert.Equal(dynamic, Parse([.. args, "x.o"]).Options.Z.DynamicUndefinedWeak);

    [Fact]
    public void DynamicFlagKeywordsAddUpAndStackSizeIsANumber()
    {
        ZOptions z = Options("-z", "global", "-z", "initfirst", "-z", "interpose", "-z", "nodlopen", "-z", "nodump", "-z", "loadfltr",
            "-z", "nodefaultlib", "-z", "nodelete", "-z", "stack-size=0x100000", "x.o").Z;
        Assert.Equal(0x2UL | 0x20 | 0x400 | 0x40 | 0x1000 | 0x10 | 0x800 | 0x8, z.Flags1);
        Assert.Equal(0x100000UL, z.StackSize);
        Assert.StartsWith("-z stack-size: invalid number 'lots'", ParseError("-z", "stack-size=lots", "x.o"));
    }
}
