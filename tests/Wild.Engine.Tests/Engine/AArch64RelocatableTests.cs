// AArch64 relocatable output (-r): partial objects of a C program with TLS and of a C++ program with exceptions,
// thread_local and COMDAT groups, made by wild and by the cross GNU ld, each linked by both as the final linker; all
// four programs print what the direct link prints under qemu-user. Wild's partial keeps what GNU ld's keeps where
// the final link reads it: the same relocations (type, symbol, addend, offset) per section, the same symbols (mapping
// symbols $x/$d included), e_machine and e_flags, and .note.gnu.property's BTI/PAC AND-merged.
using System.Text.RegularExpressions;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed partial class AArch64RelocatableTests
{
    private static readonly Dictionary<string, (string Compiler, string Expected, (string Name, string Source)[] Files)> Programs = new()
    {
        ["c-tls"] = ("aarch64-linux-gnu-gcc", "c 48 2 4\n",
        [
            ("main.c", """
                #include <stdio.h>
                __thread int tls_counter = 40;
                extern int helper(int);
                static const int table[] = {1, 2, 3, 4};
                int pick(int x) { switch (x) { case 0: return 3; case 1: return 7; case 2: return 9; case 3: return 11; default: return table[x & 3]; } }
                int main(int argc, char **argv) { tls_counter += helper(argc + 1); printf("c %d %d %d\n", tls_counter, pick(argc + 4), table[3]); return 0; }
                """),
            ("helper.c", """
                __thread int tls_local;
                static __thread int tls_static = 2;
                int helper(int x) { tls_local = x * 3 + tls_static; return tls_local; }
                """),
        ]),
        ["cxx-eh"] = ("aarch64-linux-gnu-g++", "caught n=10 tls\n",
        [
            ("main.cpp", """
                #include <cstdio>
                #include <stdexcept>
                #include <string>
                #include <vector>
                thread_local std::string tag = "tls";
                int thrower(int);
                int main() {
                  std::vector<int> v{1, 2, 3};
                  try { thrower(int(v.size())); } catch (const std::exception& e) { std::printf("caught %s %s\n", e.what(), tag.c_str()); }
                  return 0;
                }
                """),
            ("thrower.cpp", """
                #include <stdexcept>
                #include <string>
                #include <vector>
                int thrower(int n) {
                  std::vector<int> w(n, 7);
                  if (n > 2) throw std::runtime_error("n=" + std::to_string(n + w[0]));
                  return n;
                }
                """),
        ]),
    };

    [AArch64Theory]
    [InlineData("c-tls")]
    [InlineData("cxx-eh")]
    public void PartialsLinkAndRunAsTheDirectLinkWithEitherFinalLinker(string name)
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        var (cc, expected, _) = Programs[name];
        var objects = Compile(dir, name, "-g", "-mbranch-protection=standard");
        Tools.Run(cc, dir.Dir, [.. objects, "-o", "direct"]);
        Assert.Equal(expected, AArch64Toolchain.Run(dir.PathOf("direct")).Stdout);

        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, ["-r", .. objects, "-o", "wild-r.o"]);
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, ["-r", .. objects, "-o", "gnu-r.o"]);
        foreach (string partial in new[] { "wild-r.o", "gnu-r.o" })
        {
            string stem = Path.GetFileNameWithoutExtension(partial);
            Tools.Run(cc, dir.Dir, partial, "-o", stem + "-by-gnu");
            Tools.Run(cc, dir.Dir, "-B", dist.TrimEnd('/') + "/", partial, "-o", stem + "-by-wild");
            foreach (string program in new[] { stem + "-by-gnu", stem + "-by-wild" })
            {
                var run = AArch64Toolchain.Run(dir.PathOf(program));
                Assert.True(run.ExitCode == 0 && run.Stdout == expected, $"{program}:\n{run.Describe()}");
            }
        }

        using var wild = ELFReader.Load<ulong>(dir.PathOf("wild-r.o"));
        using var gnu = ELFReader.Load<ulong>(dir.PathOf("gnu-r.o"));
        Assert.Equal(FileType.Relocatable, wild.Type);
        Assert.Equal(gnu.Machine, wild.Machine);
        Assert.Equal(Header(dir, "gnu-r.o", "Flags"), Header(dir, "wild-r.o", "Flags"));
        Assert.Equal(Relocations(dir, "gnu-r.o"), Relocations(dir, "wild-r.o"));
        Assert.Equal(Symbols(gnu), Symbols(wild));
        Assert.Contains("AArch64 feature: BTI, PAC", Tools.Run("aarch64-linux-gnu-readelf", dir.Dir, "-n", "wild-r.o").Stdout);
        Assert.Contains("AArch64 feature: BTI, PAC", Tools.Run("aarch64-linux-gnu-readelf", dir.Dir, "-n", "gnu-r.o").Stdout);
        // The C++ partial keeps its COMDAT groups (one per signature) and its exception tables.
        if (name == "cxx-eh")
        {
            Assert.Equal(Groups(gnu), Groups(wild));
            Assert.Contains(wild.Sections, s => s.Name == ".eh_frame");
            Assert.Contains(wild.Sections, s => s.Name == ".gcc_except_table");
        }
    }

    /// <summary>-r with --gc-sections and --emit-relocs as on x86-64: --emit-relocs is refused, --gc-sections needs a
    /// root as in GNU ld, and with -e main the trimmed partial has GNU ld's relocations and runs.</summary>
    [AArch64Fact]
    public void GcSectionsAndEmitRelocsBehaveAsOnX86()
    {
        string dist = CorpusCatalog.RequireDist();
        string wild = Path.Combine(dist, "wild");
        using var dir = new Scratch();
        var (cc, expected, _) = Programs["cxx-eh"];
        var objects = Compile(dir, "cxx-eh", "-ffunction-sections");
        var q = ProcessRunner.Run(wild, ["-r", "--emit-relocs", .. objects, "-o", "q.o"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(q.ExitCode != 0 && q.Stderr.Contains("-r and --emit-relocs may not be used together"), q.Describe());
        var noRoot = ProcessRunner.Run(wild, ["-r", "--gc-sections", .. objects, "-o", "g.o"], dir.Dir, TimeSpan.FromMinutes(1));
        Assert.True(noRoot.ExitCode != 0 && noRoot.Stderr.Contains("--gc-sections requires a defined symbol root"), noRoot.Describe());

        Tools.Run(wild, dir.Dir, ["-r", "--gc-sections", "-e", "main", .. objects, "-o", "wild-r.o"]);
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, ["-r", "--gc-sections", "-e", "main", .. objects, "-o", "gnu-r.o"]);
        Assert.Equal(Relocations(dir, "gnu-r.o"), Relocations(dir, "wild-r.o"));
        Tools.Run(cc, dir.Dir, "wild-r.o", "-o", "trimmed");
        var run = AArch64Toolchain.Run(dir.PathOf("trimmed"));
        Assert.True(run.ExitCode == 0 && run.Stdout == expected, run.Describe());
    }

    /// <summary>--unique: a section GNU ld's AArch64 -r script does not name (.ldata, which the x86-64 one does) stays
    /// one output section per input, as the cross GNU ld leaves it.</summary>
    [AArch64Fact]
    public void UniqueFollowsTheAArch64Script()
    {
        string dist = CorpusCatalog.RequireDist();
        using var dir = new Scratch();
        AArch64Toolchain.Assemble(dir, "u1", ".section .ldata,\"aw\"\n.quad 1\n.text\n.globl f\nf: ret\n");
        AArch64Toolchain.Assemble(dir, "u2", ".section .ldata,\"aw\"\n.quad 2\n.text\n.globl g\ng: ret\n");
        Tools.Run(Path.Combine(dist, "wild"), dir.Dir, "-r", "--unique", "u1.o", "u2.o", "-o", "wild-r.o");
        Tools.Run("aarch64-linux-gnu-ld", dir.Dir, "-r", "--unique", "u1.o", "u2.o", "-o", "gnu-r.o");
        using var wild = ELFReader.Load<ulong>(dir.PathOf("wild-r.o"));
        using var gnu = ELFReader.Load<ulong>(dir.PathOf("gnu-r.o"));
        Assert.Equal(2, gnu.Sections.Count(s => s.Name == ".ldata"));
        Assert.Equal(2, wild.Sections.Count(s => s.Name == ".ldata"));
        Assert.Equal(1, wild.Sections.Count(s => s.Name == ".text"));
    }

    /// <summary>Compiles a program's files at -O2 with <paramref name="flags"/>; returns the objects' names.</summary>
    private static List<string> Compile(Scratch dir, string name, params string[] flags)
    {
        var (cc, _, files) = Programs[name];
        var objects = new List<string>();
        foreach (var (file, source) in files)
        {
            dir.Write(file, source);
            objects.Add(Path.ChangeExtension(file, ".o"));
            Tools.Run(cc, dir.Dir, ["-O2", .. flags, "-c", file, "-o", objects[^1]]);
        }
        return objects;
    }

    /// <summary>A field of readelf -h.</summary>
    private static string Header(Scratch dir, string file, string field) =>
        Tools.Run("aarch64-linux-gnu-readelf", dir.Dir, "-h", file).Stdout.Split('\n').Single(l => l.TrimStart().StartsWith(field + ":", StringComparison.Ordinal)).Trim();

    /// <summary>Each relocation section's entries as readelf -rW prints them (offset, type, symbol + addend), sorted,
    /// by the name of the section they apply to: section order may differ between the two -r outputs.</summary>
    private static SortedDictionary<string, string> Relocations(Scratch dir, string file)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (string line in Tools.Run("aarch64-linux-gnu-readelf", dir.Dir, "-rW", file).Stdout.Split('\n'))
        {
            if (RelocationHeader().Match(line) is { Success: true } m)
                result[m.Groups[1].Value] = current = [];
            else if (current is not null && line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: >= 3 } f && f[2].StartsWith("R_AARCH64_", StringComparison.Ordinal))
                current.Add($"{f[0]} {f[2]} {string.Join(' ', f.Skip(4))}");
        }
        return new SortedDictionary<string, string>(result.ToDictionary(k => k.Key, k => string.Join('\n', k.Value.Order(StringComparer.Ordinal))), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^Relocation section '\.rela(\S+)'")]
    private static partial Regex RelocationHeader();

    /// <summary>Every symbol but section symbols, as (name, type, binding, section name), sorted. GNU ld -r keeps the
    /// `$d` of the first input's .note.gnu.property, which wild rebuilds from all of them; that one is left out.</summary>
    private static string[] Symbols(IELF elf) =>
        [.. ((ISymbolTable)elf.GetSection(".symtab")).Entries.Cast<SymbolEntry<ulong>>()
            .Where(s => s.Type != SymbolType.Section && s.Name.Length > 0)
            .Select(s => $"{s.Name} {s.Type} {s.Binding} {(s.PointedSectionIndex is > 0 and < 0xff00 ? elf.Sections[(int)s.PointedSectionIndex].Name : s.PointedSectionIndex.ToString())}")
            .Where(s => s != "$d NotSpecified Local .note.gnu.property")
            .Order(StringComparer.Ordinal)];

    /// <summary>The COMDAT groups' member section names (SHT_GROUP, 17, which ELFSharp does not name), sorted.</summary>
    private static string[] Groups(IELF elf) =>
        [.. elf.Sections.Cast<Section<ulong>>().Where(s => (uint)s.Type == 17)
            .Select(s => string.Join(',', s.GetContents().Chunk(4).Skip(1).Select(w => elf.Sections[BitConverter.ToInt32(w)].Name)))
            .Order(StringComparer.Ordinal)];
}
