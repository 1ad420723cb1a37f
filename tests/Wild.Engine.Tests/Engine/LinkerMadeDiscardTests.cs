// /DISCARD/ over linker-made sections, as GNU ld's testsuite pr18176 does (`/DISCARD/ : { *(.*) }` after naming
// the rest): an empty one (.rela.dyn, .got of a library with no dynamic relocations) goes, as with GNU ld; one with
// contents GNU ld drops too, leaving a library without its dynamic relocations, so wild refuses it by name.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;
using static Wild.Engine.Tests.Engine.ScriptLinkSupport;

namespace Wild.Engine.Tests.Engine;

public sealed class LinkerMadeDiscardTests
{
    private const string Script = """
        SECTIONS
        {
          . = SIZEOF_HEADERS;
          .hash : { *(.hash) }
          .gnu.hash : { *(.gnu.hash) }
          .dynsym : { *(.dynsym) }
          .dynstr : { *(.dynstr) }
          .text : { *(.text) }
          . = ALIGN(0x1000);
          .dynamic : { *(.dynamic) }
          .data : { *(.data) }
          /DISCARD/ : { *(.*) }
        }
        """;

    private static string Library(bool relocated) => ".text\n.globl f\nf: ret\n.data\n.globl p\np: .quad "
        + (relocated ? "p" : "7") + "\n.section .note.GNU-stack,\"\",@progbits\n";

    private static List<string> Names(Scratch dir, string file) =>
        AllocSections(dir, file).Select(s => s.Split(' ')[0]).ToList();

    [Fact]
    public void EmptyLinkerMadeSectionsGoAsWithGnuLd()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "lib", Library(relocated: false));
        string script = dir.Write("lib.ld", Script);
        var (gnu, wild) = LinkBoth(dir, ["-shared", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj]);
        Assert.Equal([".text", ".dynamic", ".data"], Names(dir, gnu).Where(n => !n.Contains("hash", StringComparison.Ordinal) && !n.StartsWith(".dyns", StringComparison.Ordinal)));
        Assert.Equal(Names(dir, gnu), Names(dir, wild));
        Assert.DoesNotMatch(@"\(RELA\)", Tools.Run("readelf", dir.Dir, "-dW", wild).Stdout);
    }

    [Fact]
    public void ALinkerMadeSectionWithContentsIsNotDropped()
    {
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "lib", Library(relocated: true));
        string script = dir.Write("lib.ld", Script);
        string dist = CorpusCatalog.RequireDist();
        string[] args = ["-shared", "-nostdlib", "-Wl,--build-id=none", "-Wl,-T," + script, obj];
        // GNU ld links, and its library has no relocation for p: a loader would leave p unrelocated.
        string gnu = dir.PathOf("lib.gnu.so");
        Tools.Run("gcc", dir.Dir, [.. args, "-o", gnu]);
        Assert.Contains("no relocations", Tools.Run("readelf", dir.Dir, "-rW", gnu).Stdout, StringComparison.Ordinal);
        var w = ProcessRunner.Run("gcc", ["-B", dist.TrimEnd('/') + "/", .. args, "-o", dir.PathOf("lib.wild.so")], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.NotEqual(0, w.ExitCode);
        Assert.Matches(new Regex(@"lib\.ld:\d+:\d+: discarding the linker-made section \.rela\.dyn \(24 bytes"), w.Stderr);
    }
}
