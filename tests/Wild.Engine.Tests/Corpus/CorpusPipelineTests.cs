using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Xunit;

namespace Wild.Engine.Tests.Corpus;

/// <summary>
/// The corpus through the PowerShell module: gcc's exact ld command line is captured, parsed by wild's own
/// parser, and replayed as <c>Read-ElfObject | Resolve-ElfSymbol | Write-ElfExecutable</c> in a pwsh that
/// imports dist/Wild. A case's shared libraries are linked first, each by its own pipeline. The program
/// must behave like GNU ld's, as in <see cref="CorpusTests"/>.
/// </summary>
public sealed class CorpusPipelineTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        // `Pipeline: no` marks cases whose links the cmdlets cannot express.
        foreach (var c in CorpusCatalog.Selected().Where(c => !c.IsNegative && c.Pipeline && PipelineCanExpress(c)))
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
            var links = CaptureLinkOptions(build);
            string pipeDir = Path.Combine(build.WorkDir, "pipe");
            Directory.CreateDirectory(pipeDir);
            // The case's libraries are linked first, by pipelines of their own, next to the program ($ORIGIN).
            var script = new StringBuilder();
            script.AppendLine("$ErrorActionPreference = 'Stop'");
            script.AppendLine($"Import-Module {Quote(module)}");
            for (int i = 0; i < links.Count; i++)
            {
                string output = i < c.SharedLibs.Count ? Path.Combine(pipeDir, c.SharedLibs[i].Name) : Path.Combine(pipeDir, "prog");
                script.AppendLine(PipelineCommand(links[i], build.WorkDir, output, c, pipeDir));
            }
            string scriptPath = Path.Combine(build.WorkDir, "pipeline.ps1");
            File.WriteAllText(scriptPath, script.ToString());
            var pwsh = ProcessRunner.Run("dotnet", ["tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-File", scriptPath],
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

    /// <summary>
    /// Options a case may pass that the cmdlets do not take (they have no parameter for them yet), so its
    /// replay would not be the same link.
    /// </summary>
    private static readonly string[] NotInThePipeline =
        ["--dynamic-list", "--exclude-libs", "-Bsymbolic", "--as-needed", "--export-dynamic-symbol", "--wrap", "--defsym", "new-dtags",
         "--allow-multiple-definition", "muldefs", "--require-defined", "unresolved-symbols", "--icf",
         "-Trodata-segment", "-Tldata-segment", "--just-symbols"];

    private static bool PipelineCanExpress(CorpusCase c) =>
        !c.LinkArgs.Concat(c.WildLinkArgs).Concat(c.SharedLinkArgs.Values.SelectMany(a => a)).Any(a => NotInThePipeline.Any(o => a.Contains(o, StringComparison.Ordinal)));

    /// <summary>
    /// Runs the gcc driver with a logging `ld`, then parses each argv exactly as `wild` would: one per shared
    /// library of the case, in order, then the program's.
    /// </summary>
    private static List<LinkOptions> CaptureLinkOptions(CorpusBuild build)
    {
        string argsFile = Support.LdArgvCapture.WriteLoggingLd(Path.Combine(build.WorkDir, "capture"));
        // The logging ld was just written by this process: a fork of another test's thread in the meantime holds its
        // write descriptor for a moment, and exec then fails with ETXTBSY ("Text file busy"). That passes; retry.
        var link = build.Link("capture/prog", Path.GetDirectoryName(argsFile));
        for (int attempt = 0; link.ExitCode != 0 && link.Stderr.Contains("Text file busy", StringComparison.Ordinal) && attempt < 20; attempt++)
        {
            Thread.Sleep(50);
            link = build.Link("capture/prog", Path.GetDirectoryName(argsFile));
        }
        build.Require(link, "capturing gcc's ld command line");
        return Enumerable.Range(0, build.Case.SharedLibs.Count + 1).Select(i => Support.LdArgvCapture.Parse($"{argsFile}.{i}")).ToList();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''") + "'";

    private static string PipelineCommand(LinkOptions o, string workDir, string output, CorpusCase c, string pipeDir)
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
                // The case's own libraries: the ones the pipeline links, not the capture's (which never existed).
                InputSpec.Library l when c.SharedLibs.Any(s => s.Name == "lib" + l.Name + ".so") =>
                    (Path.Combine(pipeDir, "lib" + l.Name + ".so"), l.Modifiers),
                InputSpec.Library l => (LibrarySearch.Find(l.Name, l.Verbatim, l.Modifiers.StaticOnly, libraryPaths), l.Modifiers),
                _ => ((string?)null, default(InputModifiers)),
            };
            if (path is null) continue;
            inputs.Add(path);
            if (mods.WholeArchive) whole.Add(path);
        }
        static string List(IEnumerable<string> items) => "@(" + string.Join(", ", items.Select(Quote)) + ")";
        var sb = new StringBuilder();
        sb.Append($"Read-ElfObject -LiteralPath {List(inputs)} | Resolve-ElfSymbol -OutputKind {o.Kind}");
        // Library scripts (libgcc_s.so names libgcc_s.so.1 bare) are searched along -L.
        if (libraryPaths.Count > 0) sb.Append($" -LibraryPath {List(libraryPaths)}");
        if (whole.Count > 0) sb.Append($" -WholeArchive {List(whole)}");
        if (o.Entry is not null) sb.Append($" -Entry {Quote(o.Entry)}");
        if (o.Undefined.Count > 0) sb.Append($" -Undefined {List(o.Undefined)}");
        // The script defines symbols for resolution and lays out the output: the session carries it to the write.
        if (o.LinkerScript is not null) sb.Append($" -LinkerScript {Quote(Path.GetFullPath(o.LinkerScript.File.Path, workDir))}");
        if (o.Plugin is not null) sb.Append($" -Plugin {Quote(o.Plugin)}");
        if (o.PluginOptions.Count > 0) sb.Append($" -PluginOption {List(o.PluginOptions)}");
        sb.Append($" | Write-ElfExecutable -Path {Quote(output)}");
        if (o.GcSections) sb.Append(" -GcSections");
        if (o.EhFrameHdr) sb.Append(" -EhFrameHeader");
        if (o.BuildId != BuildIdKind.None) sb.Append($" -BuildId {o.BuildId}");
        if (o.SoName is not null) sb.Append($" -SoName {Quote(o.SoName)}");
        if (o.RPath.Count > 0) sb.Append($" -RPath {List(o.RPath)}");
        if (o.VersionScripts.Count > 0) sb.Append($" -VersionScript {List(o.VersionScripts.Select(v => Path.GetFullPath(v, workDir)))}");
        if (o.ExportDynamic) sb.Append(" -ExportDynamic");
        if (o.Z.Now) sb.Append(" -BindNow");
        if (o.Z.PackRelativeRelocs) sb.Append(" -PackRelativeRelocs");
        if (o.EmitRelocs) sb.Append(" -EmitRelocs");
        if (o.CompressDebugSections != DebugCompression.None) sb.Append($" -CompressDebugSections {o.CompressDebugSections}");
        if (o.GdbIndex) sb.Append(" -GdbIndex");
        if (o.SectionStarts.Count > 0)
            sb.Append($" -SectionStart @{{ {string.Join("; ", o.SectionStarts.Select(p => $"{Quote(p.Key)} = {p.Value}"))} }}");
        if (o.Magic != OutputMagic.Paged) sb.Append($" -Magic {o.Magic}");
        return sb.ToString();
    }
}
