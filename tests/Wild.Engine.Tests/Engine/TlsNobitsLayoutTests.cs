// Thread-local NOBITS sections beyond .tbss: an orphan such as .tbss_extra must take its own range of the TLS
// block after .tbss (as lld lays it out; GNU ld 2.40 overlaps the two, so the differential corpus cannot hold this
// case), and PT_TLS must cover both. The program checks itself: writing one array must leave the others zero.
namespace Wild.Engine.Tests.Engine;

public sealed class TlsNobitsLayoutTests
{
    private const string Arrays = """
                .globl in_tbss, in_tcommon, in_extra
                .section .tbss,"awT",@nobits
                .p2align 4
        in_tbss:
                .zero 64
                .size in_tbss, 64
                .section .tcommon,"awT",@nobits
                .p2align 4
        in_tcommon:
                .zero 64
                .size in_tcommon, 64
                .section .tbss_extra,"awT",@nobits
                .p2align 4
        in_extra:
                .zero 64
                .size in_extra, 64
                .section .note.GNU-stack,"",@progbits
        """;

    private const string Main = """
        #include <stdio.h>
        #include <string.h>
        extern __thread unsigned char in_tbss[64], in_tcommon[64], in_extra[64];
        static int zero(const unsigned char *p) { for (int i = 0; i < 64; i++) if (p[i]) return 0; return 1; }
        int main(void) {
          unsigned char *a[3] = {in_tbss, in_tcommon, in_extra};
          for (int i = 0; i < 3; i++) {
            memset(a[i], 0x5a, 64);
            printf("%d: %d %d\n", i, zero(a[(i + 1) % 3]), zero(a[(i + 2) % 3]));
            memset(a[i], 0, 64);
          }
          return 0;
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EachTlsNobitsSectionGetsItsOwnRange(bool pie)
    {
        using var dir = new Scratch();
        string main = Tools.CompileC(dir, "main", Main, pie ? "-fPIE" : "-fno-pie");
        string arrays = Tools.Assemble(dir, "arrays", Arrays);
        string exe = dir.PathOf("prog");
        Tools.Link(Tools.GccLinkOptions(dir, [main, arrays], exe, pie));
        Tools.AssertRuns(exe, 0, "0: 1 1\n1: 1 1\n2: 1 1\n");

        // .tcommon is part of .tbss (GNU ld's script); the orphan follows it, and PT_TLS spans all 192 bytes.
        string sections = Tools.Run("readelf", dir.Dir, "-SW", exe).Stdout;
        Assert.DoesNotContain(".tcommon", sections);
        var tbss = System.Text.RegularExpressions.Regex.Match(sections, @"\.tbss\s+NOBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)");
        var extra = System.Text.RegularExpressions.Regex.Match(sections, @"\.tbss_extra\s+NOBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)");
        Assert.True(tbss.Success && extra.Success, sections);
        ulong tbssEnd = Convert.ToUInt64(tbss.Groups[1].Value, 16) + Convert.ToUInt64(tbss.Groups[2].Value, 16);
        Assert.True(Convert.ToUInt64(extra.Groups[1].Value, 16) >= tbssEnd, sections);
        string segments = Tools.Run("readelf", dir.Dir, "-lW", exe).Stdout;
        var tls = System.Text.RegularExpressions.Regex.Match(segments, @"TLS\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x[0-9a-f]+\s+0x([0-9a-f]+)");
        Assert.True(tls.Success && Convert.ToUInt64(tls.Groups[1].Value, 16) >= 3 * 64, segments);
    }
}
