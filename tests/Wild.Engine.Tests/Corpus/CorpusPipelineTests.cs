using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Xunit;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// The corpus through the PowerShell module: gcc's exact ld command line is captured, parsed by wild's own
/// parser, and replayed as <c>Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable</c> in a pwsh that
/// imports dist/Wild. The program must behave like GNU ld's, as in <see cref="CorpusTests"/>.
/// </summary>
public sealed class CorpusPipelineTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        // Cases with shared libraries need -shared links first, which this replay does not script yet.
        foreach (var c in CorpusCatalog.Selected().Where(c => !c.IsNegative && c.SharedLibs.Count == 0))
            foreach (var m in c.Modes)
                data.Add(c.Name, CorpusCase.ModeName(m));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PipelineLinkBehavesLikeGnuLd(string caseName, string mode)
    {
        string dist = CorpusCatalog.RequireDist();
        string module = Path.Combine(dist, "Wild", "Wild.psd1");
        Assert.True(File.Exists(module), $"{module} is missing: run `dotnet pwsh ./build.ps1 publish` first");
        var c = CorpusCatalog.Get(caseName);
        using var build = new CorpusBuild(c, CorpusCatalog.ParseMode(mode));
        try
        {
            build.Compile();
            build.Require(build.Link("ref/prog", distDir: null), "GNU ld link (reference)");
            var options = CaptureLinkOptions(build);
            string script = Path.Combine(build.WorkDir, "pipeline.ps1");
            File.WriteAllText(script, PipelineScript(options, build.WorkDir, module, Path.Combine(build.WorkDir, "pipe/prog")));
            Directory.CreateDirectory(Path.Combine(build.WorkDir, "pipe"));
            var pwsh = ProcessRunner.Run("dotnet", ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", script],
                CorpusPaths.RepoRoot, CorpusBuild.ToolTimeout);
            build.Log.Add(pwsh);
            build.Require(pwsh, "cmdlet pipeline link");

            var expected = build.RunProgram("ref/prog");
            var actual = build.RunProgram("pipe/prog");
            if (actual.TimedOut || actual.ExitCode != expected.ExitCode || actual.Stdout != expected.Stdout)
                throw new CorpusFailure($"the pipeline-linked program differs from GNU ld's (exit {actual.ExitCode} vs {expected.ExitCode})", build);
        }
        catch
        {
            build.Keep();
            throw;
        }
    }

    /// <summary>Runs the gcc driver with a logging `ld`, then parses that argv exactly as `wild` would.</summary>
    private static LinkOptions CaptureLinkOptions(CorpusBuild build)
    {
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(Path.Combine(build.WorkDir, "capture"));
        build.Require(build.Link("capture/prog", Path.GetDirectoryName(argsFile)), "capturing gcc's ld command line");
        return Support.LdArgvCapture.Parse(argsFile);
    }

    private static string PipelineScript(LinkOptions o, string workDir, string module, string output)
    {
        // Libraries resolve exactly as wild resolves -l; the group markers disappear because the
        // pipeline is one group.
        var libraryPaths = o.LibraryPaths.Select(p => Path.GetFullPath(p, workDir)).ToList();
        var inputs = new List<string>();
        var whole = new List<string>();
        foreach (var spec in o.Inputs)
        {
            (string? path, InputModifiers mods) = spec switch
            {
                InputSpec.File f => (Path.GetFullPath(f.Path, workDir), f.Modifiers),
                InputSpec.Library l => (LibrarySearch.Find(l.Name, l.Verbatim, l.Modifiers.StaticOnly, libraryPaths), l.Modifiers),
                _ => ((string?)null, default(InputModifiers)),
            };
            if (path is null) continue;
            inputs.Add(path);
            if (mods.WholeArchive) whole.Add(path);
        }
        static string Quote(string s) => "'" + s.Replace("'", "''") + "'";
        static string List(IEnumerable<string> items) => "@(" + string.Join(", ", items.Select(Quote)) + ")";
        var sb = new StringBuilder();
        sb.AppendLine("$ErrorActionPreference = 'Stop'");
        sb.AppendLine($"Import-Module {Quote(module)}");
        sb.Append($"Read-ElfObject -LiteralPath {List(inputs)} | Resolve-ElfSymbol -OutputKind {o.Kind}");
        // Library scripts (libgcc_s.so names libgcc_s.so.1 bare) are searched along -L.
        if (libraryPaths.Count > 0) sb.Append($" -LibraryPath {List(libraryPaths)}");
        if (whole.Count > 0) sb.Append($" -WholeArchive {List(whole)}");
        if (o.Entry is not null) sb.Append($" -Entry {Quote(o.Entry)}");
        if (o.Undefined.Count > 0) sb.Append($" -Undefined {List(o.Undefined)}");
        sb.Append($" | Write-ElfExecutable -Path {Quote(output)}");
        if (o.GcSections) sb.Append(" -GcSections");
        if (o.EhFrameHdr) sb.Append(" -EhFrameHeader");
        if (o.BuildId != BuildIdKind.None) sb.Append($" -BuildId {o.BuildId}");
        sb.AppendLine();
        return sb.ToString();
    }
}
