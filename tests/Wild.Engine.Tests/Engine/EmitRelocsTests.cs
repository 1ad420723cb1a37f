// --emit-relocs (-q) against GNU ld: the same objects linked by both with -q, and `readelf -r` of the two outputs
// compared relocation by relocation. Addresses differ between the linkers, so each kept relocation is named by
// the section it relocates, its offset in that section, its type, its symbol (without @version: Wild's .symtab
// names imports unversioned) and its addend. .eh_frame is laid out differently by the two (CIEs, padding), so its
// relocations are compared without offsets. Covers a relaxed GOTPCRELX (mov → lea, call and jmp → direct, written
// as PC32 as GNU ld writes them), TLS relaxations (GD, LD and IE rewritten to local exec keep their types), section
// symbols of ordinary and merged sections, .L locals that only a relocation keeps, .debug_*, and --gc-sections. Dynamic links
// only: in a static one the two linkers order libc's sections differently, so offsets in .text are not comparable.
using System.Globalization;
using ELFSharp.ELF;
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed partial class EmitRelocsTests
{
    private const string CSource = """
        #include <stdio.h>
        int gv = 5;
        static int sv[4] = { 1, 2, 3, 4 };
        __thread int tv = 3;
        static __thread int stv = 4;
        int *getp(void) { return &gv; }
        __attribute__((noinline)) static int f(int x) { return x + sv[x & 3]; }
        int unused_fn(void) { return 42; }
        int main(void) {
          tv += 1; stv += 2;
          printf("%d %d %d %d\n", f(gv), *getp(), tv, stv);
          return 0;
        }
        """;

    // Each GOT load form GNU ld relaxes, and an initial-exec TLS load it turns into local exec.
    private const string AsmSource = """
        	.text
        	.globl main
        	.type main,@function
        main:
        	movq	foo@GOTPCREL(%rip), %rax
        	call	*bar@GOTPCREL(%rip)
        	movq	tv@gottpoff(%rip), %rcx
        	movl	%fs:(%rcx), %eax
        	movl	foo@GOTPCREL(%rip), %eax
        	xorl	%eax, %eax
        	ret
        	.globl tail
        	.type tail,@function
        tail:
        	jmp	*bar@GOTPCREL(%rip)
        	.data
        	.globl foo
        	.type foo,@object
        foo:	.long 1
        	.text
        	.globl bar
        	.type bar,@function
        bar:	ret
        	.section .tbss,"awT",@nobits
        	.globl tv
        	.type tv,@object
        tv:	.zero 4
        """;

    [Theory]
    [InlineData("-pie", false)]
    [InlineData("-pie", true)]
    [InlineData("-no-pie", false)]
    [InlineData("-no-pie", true)]
    public void KeptRelocationsAreTheOnesGnuLdKeeps(string mode, bool gc)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        // -g: GNU ld keeps .rela.debug_* too (offsets in the section, which both linkers fill in the same order).
        string obj = Tools.CompileC(dir, "main", CSource, "-g", "-fPIC", "-ffunction-sections", "-fdata-sections");
        string[] flags = [mode, obj, gc ? "-Wl,-q,--gc-sections" : "-Wl,-q"];
        Tools.Run("gcc", dir.Dir, [.. flags, "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", .. flags, "-o", "wild"]);

        var reference = Kept.Read(dir.Dir, "ref");
        var ours = Kept.Read(dir.Dir, "wild");
        // GNU ld relaxes a non-PIE's `mov x@GOTPCREL(%rip), %reg` into `mov $x, %reg` (R_X86_64_32S x+0, crt1's main
        // and this program's gv); Wild makes it a lea (R_X86_64_PC32 x-4), so those relocations differ, as the code does.
        if (mode == "-no-pie")
        {
            var immediates = reference.Entries.Where(e => e.Type is "R_X86_64_32S" or "R_X86_64_32" && e.Addend == 0
                                                          && ours.Entries.Contains(e with { Type = "R_X86_64_PC32", Addend = -4 })).ToList();
            Assert.Contains(immediates, e => e.Symbol == "main");
            reference = reference.Without(immediates.Contains);
            ours = ours.Without(e => immediates.Contains(e with { Type = e.Type == "R_X86_64_PC32" ? "R_X86_64_32S" : e.Type, Addend = 0 })
                                     || immediates.Contains(e with { Type = e.Type == "R_X86_64_PC32" ? "R_X86_64_32" : e.Type, Addend = 0 }));
        }
        AssertSame(reference, ours);
        // The TLS relaxations keep their input types, as GNU ld's output does.
        Assert.Contains(ours.Entries, e => e.Type == "R_X86_64_TLSGD" && e.Symbol == "tv");
        Assert.Contains(ours.Entries, e => e.Type == "R_X86_64_TLSLD");
        Assert.Contains(ours.Entries, e => e.Section == ".eh_frame");
        Assert.Contains(ours.Entries, e => e.Section == ".debug_info" && e.Type == "R_X86_64_DTPOFF32" && e.Symbol == "tv");
        Assert.True(ours.SectionSymbolCount > 0, "no section symbol in .symtab");
        if (gc) Assert.DoesNotContain(ours.Entries, e => e.Symbol == "unused_fn");
        Tools.AssertRuns(dir.PathOf("wild"), 0, Tools.Exec(dir.PathOf("ref")).Stdout);
    }

    [Fact]
    public void RelaxedGotLoadsAreWrittenAsWhatTheyBecame()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        string obj = Tools.Assemble(dir, "relax", AsmSource);
        Tools.Run("gcc", dir.Dir, ["-pie", obj, "-Wl,-q", "-o", "ref"]);
        Tools.Run("gcc", dir.Dir, ["-B", dist.TrimEnd('/') + "/", "-pie", obj, "-Wl,-q", "-o", "wild"]);
        var reference = Kept.Read(dir.Dir, "ref");
        var ours = Kept.Read(dir.Dir, "wild");
        AssertSame(reference, ours);
        var main = ours.Entries.Where(e => e.Section == ".text" && e.Symbol is "foo" or "bar" or "tv").ToList();
        // mov → lea (twice), call *GOT → addr32 call, jmp *GOT → jmp (one byte earlier): all R_X86_64_PC32; the
        // initial-exec load became local exec but keeps R_X86_64_GOTTPOFF.
        Assert.Equal(4, main.Count(e => e.Type == "R_X86_64_PC32" && e.Addend == -4));
        Assert.Single(main, e => e.Type == "R_X86_64_GOTTPOFF");
        Assert.DoesNotContain(main, e => e.Type.Contains("GOTPCREL", StringComparison.Ordinal));
    }

    [Fact]
    public void StripAllIsRefused()
    {
        // GNU ld fails -q -s with "final link failed: invalid operation": kept relocations need .symtab.
        var e = Assert.Throws<Wild.Engine.Diagnostics.LinkException>(() => Tools.Link(Tools.Bare("out", "x.o") with { EmitRelocs = true, StripAll = true }));
        Assert.Contains("--emit-relocs needs the symbol table: it may not be used with -s/--strip-all", e.Message);
    }

    private static void AssertSame(Kept reference, Kept ours)
    {
        Assert.NotEmpty(reference.Entries);
        // As multisets: .eh_frame's entries have no offset, and two FDEs may name the same place.
        var theirs = reference.Entries.CountBy(e => e).ToDictionary();
        var mine = ours.Entries.CountBy(e => e).ToDictionary();
        var missing = theirs.Where(p => mine.GetValueOrDefault(p.Key) < p.Value).Select(p => $"{p.Key} x{p.Value - mine.GetValueOrDefault(p.Key)}").ToList();
        var extra = mine.Where(p => theirs.GetValueOrDefault(p.Key) < p.Value).Select(p => $"{p.Key} x{p.Value - theirs.GetValueOrDefault(p.Key)}").ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"GNU ld only:\n  {string.Join("\n  ", missing)}\nWild only:\n  {string.Join("\n  ", extra)}\n" +
            $"counts {reference.Entries.Count} vs {ours.Entries.Count}");
    }

    /// <summary>One kept relocation, in terms that do not depend on where the linker put things.</summary>
    private sealed record Entry(string Section, long Offset, string Type, string Symbol, long Addend);

    private sealed partial record Kept(List<Entry> Entries, int SectionSymbolCount)
    {
        public Kept Without(Func<Entry, bool> drop) => this with { Entries = Entries.Where(e => !drop(e)).ToList() };

        public static Kept Read(string dir, string file)
        {
            var addresses = new Dictionary<string, long>();
            foreach (string line in Tools.Run("readelf", dir, ["-SW", file]).Stdout.Split('\n'))
                if (SectionLine().Match(line) is { Success: true } m)
                    addresses[m.Groups[1].Value] = long.Parse(m.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var entries = new List<Entry>();
            string? section = null;
            foreach (string line in Tools.Run("readelf", dir, ["-rW", file]).Stdout.Split('\n'))
            {
                if (RelocationSectionLine().Match(line) is { Success: true } header)
                {
                    string name = header.Groups[1].Value;
                    // The dynamic relocations are not kept ones.
                    section = name is ".rela.dyn" or ".rela.plt" ? null : name[".rela".Length..];
                    continue;
                }
                if (section is null || EntryLine().Match(line) is not { Success: true } e) continue;
                long offset = long.Parse(e.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) - addresses[section];
                string symbol = e.Groups[3].Value;
                int at = symbol.IndexOf('@', StringComparison.Ordinal);
                if (at >= 0) symbol = symbol[..at];
                long addend = e.Groups[5].Success
                    ? long.Parse(e.Groups[5].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) * (e.Groups[4].Value == "-" ? -1 : 1)
                    : 0;
                entries.Add(new Entry(section, section == ".eh_frame" ? -1 : offset, e.Groups[2].Value, symbol, addend));
            }
            // A reference into merged strings (.debug_str, .debug_line_str) is compared by the string it names: the
            // linkers place the merged strings in different orders, which moves the addend, not the meaning.
            using (var elf = ELFReader.Load<ulong>(Path.Combine(dir, file)))
                for (int i = 0; i < entries.Count; i++)
                    if (entries[i].Symbol is ".debug_str" or ".debug_line_str" && elf.TryGetSection(entries[i].Symbol, out var strings))
                    {
                        var bytes = strings.GetContents();
                        int at = (int)entries[i].Addend, end = Array.IndexOf(bytes, (byte)0, at);
                        entries[i] = entries[i] with { Symbol = $"{entries[i].Symbol}:\"{System.Text.Encoding.UTF8.GetString(bytes, at, end - at)}\"", Addend = 0 };
                    }
            int sectionSymbols = Tools.Run("readelf", dir, ["-sW", file]).Stdout.Split('\n')
                .Count(l => l.Contains(" SECTION ", StringComparison.Ordinal));
            return new Kept(entries, sectionSymbols);
        }

        [GeneratedRegex(@"^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s")]
        private static partial Regex SectionLine();

        [GeneratedRegex(@"^Relocation section '(\S+)'")]
        private static partial Regex RelocationSectionLine();

        // offset info type [value symbol +/- addend] | [addend]
        [GeneratedRegex(@"^([0-9a-f]{16})\s+[0-9a-f]+\s+(R_X86_64_\w+)\s*(?:[0-9a-f]+\s+(\S+)\s*([+-])\s*([0-9a-f]+))?")]
        private static partial Regex EntryLine();
    }
}
