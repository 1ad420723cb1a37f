// The corpus's AArch64 column: every case that can apply there is cross-compiled with Debian's aarch64-linux-gnu
// toolchain, linked by the cross GNU ld and by wild, and both programs run under qemu-aarch64 with the same exit code
// and stdout (negative cases fail the same way), with the structure checks CorpusTests makes natively. A case that
// cannot apply (x86 assembly, an x86-only option, what wild does not link on AArch64 yet) says so in its case.txt
// (`AArch64: skip <why>`), and is listed here as a skipped row with that reason.
// Every mode of every case (455 rows) takes 3 min 17 s on an idle 2-core machine (0.4 s a row), but 36 min when the
// machine is loaded; WILD_CORPUS_AARCH64=one then links each case in one of its modes, turn about (case i in mode i
// modulo its mode count, so every mode is still covered across the corpus): 164 rows, 1 min 41 s idle.
using Wild.Engine.Tests.Engine;

namespace Wild.Engine.Tests.Corpus;

public sealed class CorpusAArch64Tests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        bool allModes = Environment.GetEnvironmentVariable("WILD_CORPUS_AARCH64") != "one";
        int turn = 0;
        foreach (var c in CorpusCatalog.Selected().Where(c => c.AArch64Skip is null))
        {
            var modes = c.AArch64Modes ?? c.Modes;
            foreach (var m in allModes ? modes : [modes[turn++ % modes.Count]])
                data.Add(c.Name, CorpusCase.ModeName(m));
        }
        return data;
    }

    public static TheoryData<string, string> SkippedCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in CorpusCatalog.All().Where(c => c.AArch64Skip is not null)) // all: rows that never run cost nothing
            data.Add(c.Name, c.AArch64Skip!);
        return data;
    }

    [AArch64Theory]
    [MemberData(nameof(Cases))]
    public void Program(string caseName, string mode) => CorpusTests.Check(caseName, mode, aarch64: true);

    /// <summary>The cases that cannot apply on AArch64, each reported as skipped with its case's reason (never run).</summary>
    [Theory]
    [MemberData(nameof(SkippedCases), Skip = "the case cannot apply on AArch64; its case.txt says why (AArch64: skip)")]
    public void NotOnAArch64(string caseName, string why) =>
        Assert.Fail($"{caseName} is skipped on AArch64 ({why}), so this row never runs");
}
