// Resolve-ElfSymbol (alias Resolve-Symbols): gathers the inputs from the pipeline, then reads them and
// resolves symbols with ld's semantics in EndProcessing. The piped inputs and the -Library archives form
// one group: archives are rescanned until nothing changes, as inside --start-group (for any link GNU ld
// accepts this loads exactly the same members). Emits the engine's LinkSession.
using System.Management.Automation;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsDiagnostic.Resolve, "ElfSymbol")]
[Alias("Resolve-Symbols")]
[OutputType(typeof(LinkSession))]
public sealed class ResolveElfSymbolCommand : PSCmdlet
{
    private readonly List<string> _inputs = [];
    private readonly CancellationTokenSource _cancel = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public ElfInputFile[] InputObject { get; set; } = [];

    /// <summary>Libraries by name, like ld's -l (libNAME.a along -LibraryPath).</summary>
    [Parameter]
    public string[] Library { get; set; } = [];

    [Parameter]
    public string[] LibraryPath { get; set; } = [];

    /// <summary>Archives (by path, wildcards allowed) whose every member is loaded, like ld's --whole-archive.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] WholeArchive { get; set; } = [];

    [Parameter]
    public string? Entry { get; set; }

    [Parameter]
    public string[] Undefined { get; set; } = [];

    [Parameter]
    [ValidateRange(0, 1024)]
    public int Threads { get; set; }

    /// <summary>The output kind decides which linker-defined symbols exist (_DYNAMIC for static-PIE...), and the
    /// code the LTO plugin generates.</summary>
    [Parameter]
    public OutputKind OutputKind { get; set; } = OutputKind.Static;

    /// <summary>The linker plugin that compiles LTO inputs (LLVMgold.so, gcc's liblto_plugin.so), like ld's -plugin;
    /// loaded only if some input holds compiler IR.</summary>
    [Parameter]
    public string? Plugin { get; set; }

    /// <summary>Options for the plugin, like ld's -plugin-opt (mcpu=x86-64, O2, thinlto, jobs=4...).</summary>
    [Parameter]
    public string[] PluginOption { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject) _inputs.Add(input.Path);
    }

    protected override void EndProcessing()
    {
        // Nothing arrived (every input failed to read, and said so upstream): resolving nothing would only
        // add a second, misleading error for the same cause.
        if (_inputs.Count == 0) return;
        var whole = WholeArchive.Select(p => new WildcardPattern(GetUnresolvedProviderPathFromPSPath(p))).ToArray();
        var specs = new List<InputSpec> { new InputSpec.GroupStart() };
        foreach (var path in _inputs)
            specs.Add(new InputSpec.File(path, InputModifiers.Default with { WholeArchive = whole.Any(w => w.IsMatch(path)) }));
        // Static outputs take archives only (ld -static); dynamic ones prefer the shared library, as ld does.
        bool staticOnly = OutputKind is OutputKind.Static or OutputKind.StaticPie;
        foreach (var lib in Library)
            specs.Add(new InputSpec.Library(lib, false, new InputModifiers(false, false, staticOnly)));
        specs.Add(new InputSpec.GroupEnd());
        var options = new LinkOptions
        {
            OutputPath = "a.out",
            Inputs = specs,
            LibraryPaths = LibraryPath.Select(p => GetUnresolvedProviderPathFromPSPath(p)).ToArray(),
            Entry = Entry,
            Undefined = Undefined,
            Threads = Threads,
            Kind = OutputKind,
            EhFrameHdr = OutputKind != OutputKind.Static,
            Plugin = Plugin is null ? null : GetUnresolvedProviderPathFromPSPath(Plugin),
            PluginOptions = PluginOption,
        };
        var diagnostics = new DiagnosticBag();
        try
        {
            var session = LinkSession.Resolve(options, diagnostics, _cancel.Token);
            Report(diagnostics, session.Timings);
            WriteObject(session);
        }
        catch (LinkException e)
        {
            Report(diagnostics, []);
            // Every undefined or duplicate symbol is its own error, aimed at the symbol; then the stage stops.
            foreach (var each in e.Siblings.Prepend(e))
                WriteError(ErrorRecords.From(each, SymbolOf(each)));
        }
        catch (OperationCanceledException)
        {
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    private static string? SymbolOf(LinkException e)
    {
        // Only symbol errors aim at a symbol; a broken input aims at its file.
        if (e.Id is not (ErrorId.UndefinedSymbol or ErrorId.DuplicateSymbol)) return e.File;
        int colon = e.Message.IndexOf("symbol: ", StringComparison.Ordinal);
        return colon >= 0 ? e.Message[(colon + 8)..] : e.File;
    }

    private void Report(DiagnosticBag diagnostics, IReadOnlyList<PhaseTiming> timings)
    {
        foreach (var d in diagnostics.Items)
            if (d.Kind == DiagnosticKind.Warning) WriteWarning(d.Message); else WriteVerbose(d.Message);
        foreach (var t in timings)
            WriteVerbose($"{t.Name}: {t.Elapsed.TotalMilliseconds:F1} ms");
    }
}
