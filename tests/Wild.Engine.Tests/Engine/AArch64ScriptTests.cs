// GNU ld's own default AArch64 scripts given back with -T: `aarch64-linux-gnu-ld [mode] --verbose` prints the script
// the cross GNU ld uses for that output (read at test time; GNU's text is not kept here), and a C++ program with TLS,
// threads and exceptions is linked with it by the cross GNU ld and by wild; both run under qemu-user with the same
// output, and wild's segments hold the sections GNU ld's do. The firmware- and kernel-style scripts are the corpus's
// script-* cases, which the AArch64 column (CorpusAArch64Tests) runs.
using System.Text.RegularExpressions;
using Wild.Engine.Tests.Corpus;

namespace Wild.Engine.Tests.Engine;

public sealed class AArch64ScriptTests
{
    private const string Source = """
        #include <cstdio>
        #include <stdexcept>
        #include <string>
        #include <thread>
        thread_local int counter = 3;
        static int initialized = [] { return 7; }();
        const char *names[] = {"zero", "one", "two"};
        int bump(int n) {
          counter += n;
          if (counter > 100) throw std::runtime_error("too big: " + std::to_string(counter));
          return counter;
        }
        int main() {
          std::printf("bump %d init %d %s\n", bump(5), initialized, names[2]);
          try { bump(1000); } catch (const std::exception& e) { std::printf("caught %s\n", e.what()); }
          std::thread t([] { counter = 9; std::printf("thread %d\n", counter); });
          t.join();
          std::printf("main %d\n", counter);
          return 0;
        }
        """;

    private const string Expected = "bump 8 init 7 two\ncaught too big: 1008\nthread 9\nmain 1008\n";

    /// <summary>The cross GNU ld's built-in script for these options, from its --verbose (between the ===== lines).</summary>
    private static string DefaultScript(Scratch dir, string name, params string[] options)
    {
        string script = ScriptDynamicLinkTests.DefaultScriptOf("aarch64-linux-gnu-ld", dir, name, options);
        Assert.Contains("OUTPUT_ARCH(aarch64)", File.ReadAllText(script));
        return script;
    }

    [AArch64Theory]
    [InlineData("-static", new[] { "-static" })]
    [InlineData("-no-pie", new string[0])]
    [InlineData("-pie", new[] { "-pie" })]
    public void GnuLdsDefaultScriptGivenWithTLinksAsGnuLdLinksIt(string mode, string[] ldOptions)
    {
        using var link = new AArch64CrossLink();
        var dir = link.Dir;
        dir.Write("main.cpp", Source);
        string script = DefaultScript(dir, "default.ld", ldOptions);
        link.Run(AArch64CrossLink.Gxx, "-O2", mode == "-no-pie" ? "-fno-pie" : "-fPIE", "-c", "main.cpp", "-o", "main.o");
        link.LinkBoth(AArch64CrossLink.Gxx, [mode, "main.o", "-pthread", "-Wl,-T," + script]);
        link.AssertSameRun(Expected);

        // The same sections in the same segments, in the same order (GNU ld's .note.gnu.build-id aside: gcc asks for
        // none here, and both make none).
        Assert.Equal(SegmentSections(dir, "gnu"), SegmentSections(dir, "wild"));
    }

    /// <summary>A script that names x86-64 (OUTPUT_FORMAT, OUTPUT_ARCH) cannot lay out AArch64 code: the cross GNU ld
    /// cannot represent it, and wild refuses it naming the command and its place; naming AArch64 it links.</summary>
    [AArch64Theory]
    [InlineData("OUTPUT_ARCH(i386:x86-64)", "t.ld:1:1: OUTPUT_ARCH(i386:x86-64) cannot represent this link's AArch64 inputs")]
    [InlineData("OUTPUT_FORMAT(\"elf64-x86-64\")", "t.ld:1:1: OUTPUT_FORMAT(elf64-x86-64) cannot represent this link's AArch64 inputs")]
    [InlineData("OUTPUT_FORMAT(\"elf64-littleaarch64\", \"elf64-bigaarch64\", \"elf64-littleaarch64\") OUTPUT_ARCH(aarch64)", null)]
    public void ScriptNamingAnotherMachineIsRefused(string head, string? error)
    {
        using var dir = new Scratch();
        string arm = AArch64Toolchain.Assemble(dir, "arm", ".text\n.globl _start\n_start:\n ret\n");
        string script = dir.Write("t.ld", head + "\nENTRY(_start)\nSECTIONS { . = 0x400000; .text : { *(.text) } }\n");
        var options = Tools.Bare(dir.PathOf("out"), arm).WithLinkerScript(Wild.Engine.Scripts.ScriptPlan.Load(script));
        if (error is null)
        {
            Tools.Link(options);
            return;
        }
        var e = Assert.Throws<Wild.Engine.Diagnostics.LinkException>(() => Tools.Link(options));
        Assert.EndsWith(error, e.Message);
        Assert.False(File.Exists(dir.PathOf("out")));
    }

    /// <summary>Each PT_LOAD's allocated sections (readelf's section-to-segment mapping), in order.</summary>
    private static List<string> SegmentSections(Scratch dir, string file)
    {
        string l = Tools.Run("readelf", dir.Dir, "-lW", file).Stdout;
        var types = Regex.Matches(l, @"^\s{2}([A-Z_]+)\s+0x", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        var mapping = Regex.Matches(l[l.IndexOf("Section to Segment mapping", StringComparison.Ordinal)..], @"^\s+\d\d\s(.*)$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Trim()).ToList();
        return types.Zip(mapping).Where(p => p.First == "LOAD").Select(p => p.Second).ToList();
    }
}
