// -z call-nop=: the byte that pads a `call *foo@GOTPCREL(%rip)` (6 bytes) relaxed to a direct call (5), before the call
// (addr32 by default) or after it, and the 13-byte local-exec rewrite of a -fno-plt __tls_get_addr call. wild parses
// the options and links in-process; its .text is compared byte for byte with GNU ld's for the same objects.
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Cli.CommandLine;

namespace Wild.Engine.Tests.Engine;

public sealed class CallNopTests
{
    private const string Calls = """
        .text
        .globl foo
        .type foo, @function
        foo:
         ret
        .globl _start
        .type _start, @function
        _start:
         call *foo@GOTPCREL(%rip)
         jmp *foo@GOTPCREL(%rip)
        """;

    // binutils' tlspie2.s, reduced to its local-dynamic access through call *__tls_get_addr@GOTPCREL(%rip).
    private const string TlsLd = """
        .text
        .globl __tls_get_addr
        .type __tls_get_addr, @function
        __tls_get_addr:
         ret
        .globl _start
        .type _start, @function
        _start:
         leaq foo@TLSLD(%rip), %rdi
         call *__tls_get_addr@GOTPCREL(%rip)
         movl foo@DTPOFF(%rax), %eax
         ret
        .section .tbss,"awT",@nobits
        .p2align 2
        foo:
         .zero 4
        """;

    [Theory]
    [InlineData("")]
    [InlineData("call-nop=prefix-addr")]
    [InlineData("call-nop=suffix-nop")]
    [InlineData("call-nop=prefix-0x90")]
    [InlineData("call-nop=suffix-0x90")]
    [InlineData("call-nop=suffix-144")]
    [InlineData("call-nop=prefix-0x2e")]
    [InlineData("call-nop=suffix-0x1cc")] // strtoul's value, cut to its low byte
    public void RelaxedCallIsPaddedAsGnuLdPadsIt(string keyword)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "call", Calls, "-mrelax-relocations=yes");
        string[] z = keyword.Length == 0 ? [] : ["-z", keyword];
        var (gnu, wild) = LinkBoth(dir, [.. z, obj]);
        Assert.Equal(Text(gnu), Text(wild));
    }

    [Theory]
    [InlineData("")]
    [InlineData("call-nop=suffix-nop")]
    public void LocalDynamicGotCallBecomesGnuLdsThirteenBytes(string keyword)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "tlsld", TlsLd, "-mrelax-relocations=yes");
        string[] z = keyword.Length == 0 ? [] : ["-z", keyword];
        var (gnu, wild) = LinkBoth(dir, ["-pie", .. z, obj]);
        byte[] text = Text(wild);
        Assert.Equal(Text(gnu), text);
        Assert.Equal(new byte[] { 0x66, 0x66, 0x66, 0x66, 0x64, 0x48, 0x8b, 0x04, 0x25 }, text[1..10]);
    }

    [Theory]
    [InlineData("call-nop=prefix-nop", "invalid number for -z call-nop=prefix-: nop")] // GNU ld 2.40's own words
    [InlineData("call-nop=suffix-x", "invalid number for -z call-nop=suffix-: x")]
    [InlineData("call-nop=middle-nop", "unsupported option: -z call-nop=middle-nop")]
    public void AValueGnuLdRefusesIsRefused(string keyword, string message)
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "call", Calls);
        var gnu = Corpus.ProcessRunner.Run("ld", ["-z", keyword, obj, "-o", dir.PathOf("gnu")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, gnu.ExitCode);
        Assert.Contains(message, Assert.Throws<CommandLineException>(() => ArgumentParser.Parse(["-z", keyword, obj])).Message);
    }

    private static (string Gnu, string Wild) LinkBoth(Scratch dir, string[] args) => ZKeywordParityTests.LinkBoth(dir, args);

    private static byte[] Text(string path)
    {
        using var elf = ELFReader.Load<ulong>(path);
        return ((Section<ulong>)elf.GetSection(".text")).GetContents();
    }
}
