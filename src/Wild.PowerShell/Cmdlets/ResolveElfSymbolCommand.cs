// Resolve-ElfSymbol (alias Resolve-Symbols): gathers the inputs from the pipeline, then reads them and
// resolves symbols with ld's semantics in EndProcessing. The piped inputs and the -Library archives form
// one group: archives are rescanned until nothing changes, as inside --start-group (for any link GNU ld
// accepts this loads exactly the same members). Emits the engine's LinkSession. It never resolves a subset:
// when any input the user named could not be read (ReadBatch), it stops with one error naming every one.
using System.Management.Automation;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.PowerShell.Pipeline;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsDiagnostic.Resolve, "ElfSymbol")]
[Alias("Resolve-Symbols")]
[OutputType(typeof(LinkSession))]
public sealed class ResolveElfSymbolCommand : PSCmdlet
{
    private readonly List<string> _inputs = [];
    private readonly List<ReadBatch> _batches = [];
    private readonly CancellationTokenSource _cancel = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public ElfInputFile[] InputObject { get; set; } = [];

    /// <summary>Libraries like ld's -l: NAME (libNAME.so or libNAME.a along -LibraryPath), ':FILE' (that exact
    /// file name along -LibraryPath, ld's -l:FILE), or a path to the library file itself.</summary>
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

    /// <summary>A GNU ld linker script (ld's -T): the symbols it assigns are defined for resolution, and
    /// Write-ElfExecutable lays the output out with it (docs/linker-scripts.md).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LinkerScript { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    public int Threads { get; set; }

    /// <summary>The output kind decides which linker-defined symbols exist (_DYNAMIC for static-PIE...), and the
    /// code the LTO plugin generates.</summary>
    [Parameter]
    public OutputKind OutputKind { get; set; } = OutputKind.Static;

    /// <summary>Makes undefined symbols errors for a shared object too (ld's -z defs / --no-undefined); an executable
    /// always has them as errors.</summary>
    [Parameter]
    public SwitchParameter NoUndefined { get; set; }

    /// <summary>Lets a symbol be defined more than once, the first definition winning (ld's -z muldefs /
    /// --allow-multiple-definition).</summary>
    [Parameter]
    public SwitchParameter AllowMultipleDefinition { get; set; }

    /// <summary>The linker plugin that compiles LTO inputs (LLVMgold.so, gcc's liblto_plugin.so), like ld's -plugin;
    /// loaded only if some input holds compiler IR.</summary>
    [Parameter]
    public string? Plugin { get; set; }

    /// <summary>Options for the plugin, like ld's -plugin-opt (mcpu=x86-64, O2, thinlto, jobs=4...).</summary>
    [Parameter]
    public string[] PluginOption { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var input in InputObject)
        {
            _inputs.Add(input.Path);
            if (ReadBatch.Of(input) is { } batch && !_batches.Contains(batch)) _batches.Add(batch);
        }
    }

    protected override void EndProcessing()
    {
        StopOnUnreadInputs();
        string[] libraryPaths = LibraryPath.Select(p => GetUnresolvedProviderPathFromPSPath(p)).ToArray();
        // Static outputs take archives only (ld -static); dynamic ones prefer the shared library, as ld does.
        bool staticOnly = OutputKind is OutputKind.Static or OutputKind.StaticPie;
        var libraries = LibrarySpecs(libraryPaths, staticOnly);
        if (libraries is null) return;

        var whole = WholeArchive.Select(p => new WildcardPattern(GetUnresolvedProviderPathFromPSPath(p))).ToArray();
        var specs = new List<InputSpec> { new InputSpec.GroupStart() };
        foreach (var path in _inputs)
            specs.Add(new InputSpec.File(path, InputModifiers.Default with { WholeArchive = whole.Any(w => w.IsMatch(path)) }));
        specs.AddRange(libraries);
        specs.Add(new InputSpec.GroupEnd());
        var options = new LinkOptions
        {
            OutputPath = "a.out",
            Inputs = specs,
            LibraryPaths = libraryPaths,
            Entry = Entry,
            Undefined = Undefined,
            Threads = Threads,
            Kind = OutputKind,
            EhFrameHdr = OutputKind != OutputKind.Static,
            Plugin = Plugin is null ? null : GetUnresolvedProviderPathFromPSPath(Plugin),
            PluginOptions = PluginOption,
            NoUndefined = NoUndefined,
            Z = new ZOptions { MulDefs = AllowMultipleDefinition },
        };
        var diagnostics = new DiagnosticBag();
        LinkSession session;
        try
        {
            if (LinkerScript is not null)
                options = options.WithLinkerScript(Wild.Engine.Scripts.ScriptPlan.Load(GetUnresolvedProviderPathFromPSPath(LinkerScript)));
            session = EngineCall.Run(this, 2, "Resolve-ElfSymbol",
                phase => LinkSession.Resolve(options with { PhaseStarted = phase }, diagnostics, _cancel.Token), _cancel.Token);
        }
        catch (LinkException e)
        {
            Report(diagnostics, []);
            // Every undefined or duplicate symbol is its own error, aimed at the symbol; then the stage stops.
            foreach (var each in e.Siblings.Prepend(e))
                WriteError(ErrorRecords.From(each, TargetOf(each)));
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        Report(diagnostics, session.Timings);
        SessionOwnership.WriteSession(this, session);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>A terminating error naming every input that could not be read, when there is one.</summary>
    private void StopOnUnreadInputs()
    {
        var failures = _batches.SelectMany(b => b.Failures).ToList();
        if (_inputs.Count == 0 && ReadBatch.EmptyUpstreamOf(MyInvocation) is { } empty)
            failures.AddRange(empty.Failures);
        if (failures.Count == 0 && _inputs.Count > 0) return;

        string message = failures.Count == 0
            ? "no input to link: Resolve-ElfSymbol received no ElfInputFile from the pipeline"
            : $"the link was not started: {failures.Count} of the inputs named could not be read:\n"
              + string.Join("\n", failures.Select(Describe));
        var targets = failures.Select(f => f.TargetObject).ToArray();
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message),
            failures.Count == 0 ? "NoInput" : "InputsNotRead", ErrorCategory.InvalidData, failures.Count == 0 ? null : targets));
    }

    /// <summary>One line per unread input: engine messages start with the file already, the provider's do not.</summary>
    private static string Describe(ErrorRecord failure)
    {
        string target = $"{failure.TargetObject}", message = failure.ErrorDetails?.Message ?? failure.Exception.Message;
        return message.StartsWith(target, StringComparison.Ordinal) ? $">>> {message}" : $">>> {target}: {message}";
    }

    /// <summary>The -Library entries as input specs; every library that cannot be found is its own error aimed at
    /// the name as given (the engine would stop at the first), and then null.</summary>
    private List<InputSpec>? LibrarySpecs(string[] libraryPaths, bool staticOnly)
    {
        var specs = new List<InputSpec>();
        bool missing = false;
        foreach (var lib in Library)
        {
            var modifiers = new InputModifiers(false, false, staticOnly);
            // A path names the library file itself (ld takes it as a plain input); ':FILE' is ld's -l:FILE.
            if (lib.Contains('/'))
            {
                string path = GetUnresolvedProviderPathFromPSPath(lib);
                if (File.Exists(path))
                {
                    specs.Add(new InputSpec.File(path, modifiers));
                    continue;
                }
                missing = true;
                WriteError(ErrorRecords.From(new LinkException(ErrorId.LibraryNotFound, $"{path}: no such library file", path), lib));
                continue;
            }
            bool verbatim = lib.StartsWith(':');
            string name = verbatim ? lib[1..] : lib;
            try
            {
                LibrarySearch.Find(name, verbatim, staticOnly, libraryPaths);
            }
            catch (LinkException e)
            {
                missing = true;
                WriteError(ErrorRecords.From(e, lib));
                continue;
            }
            specs.Add(new InputSpec.Library(name, verbatim, modifiers));
        }
        return missing ? null : specs;
    }

    private static string? TargetOf(LinkException e)
    {
        // Symbol errors aim at the symbol, a missing library at its name as ld prints it; a broken input at its file.
        if (e.Id == ErrorId.LibraryNotFound)
        {
            int at = e.Message.IndexOf("library -l", StringComparison.Ordinal);
            return at >= 0 ? e.Message[(at + 10)..] : e.File;
        }
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
