// A link split at the point the cmdlets split it: inputs read and symbols resolved now, layout and write
// later with the final output settings. `wild` and Write-ElfExecutable both end here, so a pipeline does
// exactly the work the command does. The session owns the input mappings until it is disposed. A session
// is immutable once resolved: each Write derives its own resolution and timings, so a failed or different
// write (another output kind) leaves the session as it was for the next one.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;

namespace Wild.Engine;

public sealed class LinkSession : IDisposable
{
    private readonly InputSet _inputs;
    private readonly PhaseTimings _timings;
    private CollectionPause? _pause;
    private bool _disposed;

    private LinkSession(InputSet inputs, SymbolResolution resolution, PhaseTimings timings)
    {
        _inputs = inputs;
        Resolution = resolution;
        _timings = timings;
    }

    public SymbolResolution Resolution { get; }
    public LinkOptions Options => Resolution.Options;
    public IReadOnlyList<PhaseTiming> Timings => _timings.List;

    /// <summary>Number of inputs named (objects, archives), in command-line order.</summary>
    public int InputCount => _inputs.Entries.Count;
    /// <summary>Objects that joined the link (plain objects and the archive members resolution loaded).</summary>
    public int LoadedObjectCount => Resolution.LoadedFiles.Length;
    /// <summary>Distinct global symbol names seen in all inputs.</summary>
    public int GlobalNameCount => Resolution.Db.NameCount;
    /// <summary>True once Dispose released the inputs; a disposed session cannot be written.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Reads every input and resolves symbols; throws LinkException (with siblings) on failure.</summary>
    public static LinkSession Resolve(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation = default) =>
        Resolve(options, diagnostics, cancellation, pauseCollections: false, target: null);

    /// <summary>As Resolve; with <paramref name="pauseCollections"/> (a process that only links) the GC stays
    /// out of the link until the session is disposed. A known <paramref name="target"/> refuses an input that is
    /// the output as soon as the inputs are open.</summary>
    internal static LinkSession Resolve(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation, bool pauseCollections,
        Writing.OutputTarget? target)
    {
        OptionConflicts.Check(options);
        UnimplementedOptions.Check(options, diagnostics);
        var timings = new PhaseTimings { PhaseStarted = options.PhaseStarted };
        var work = new ParallelWork(options.Threads, cancellation);
        var inputs = LinkPipeline.Read(options, work, timings, target);
        CollectionPause? pause = null;
        Lto.LtoSession? lto = null;
        try
        {
            // LTO (only when an input holds compiler IR and there is a plugin): the files the plugin claims stand as
            // stubs of their symbols in the first resolution; after it, "all symbols read": the plugin learns how its
            // symbols resolved and compiles, and the link is resolved again with its objects in the claimed files' place.
            if (inputs.IrInputs.Count > 0)
                using (timings.Start("Claim LTO inputs")) (inputs, lto) = Lto.LtoSession.Claim(inputs, options, diagnostics, cancellation);
            pause = pauseCollections ? CollectionPause.Begin(inputs.MappedFiles.Sum(m => m.Length)) : null;
            var resolution = LinkPipeline.Resolve(inputs, options, diagnostics, work, timings);
            if (lto is not null && options.Kind == OutputKind.Relocatable)
                throw new LinkException(ErrorId.LtoInput,
                    "link-time optimisation with -r (relocatable output) is not implemented: the IR inputs would need a partial LTO link");
            if (lto is not null)
            {
                using (timings.Start("Link-time optimisation")) inputs = lto.Optimise(inputs, resolution, work);
                resolution = LinkPipeline.Resolve(inputs, options, diagnostics, work, timings);
            }
            Reports.LinkTrace.Report(resolution, diagnostics);
            return new LinkSession(inputs, resolution, timings) { _pause = pause };
        }
        catch
        {
            lto?.Dispose();
            pause?.Dispose();
            inputs.Dispose();
            throw;
        }
    }

    /// <summary>Lays out and writes the output with <paramref name="options"/> (same inputs as resolved). Refuses,
    /// before any work, an output that is one of the inputs and inputs that changed since they were read.</summary>
    public LinkResult Write(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation = default) =>
        Write(options, diagnostics, cancellation, Writing.OutputTarget.Inspect(options), inputsJustRead: false);

    /// <summary>As Write, for a link that resolved a moment ago (the `wild` command): its inputs are not
    /// checked for change before the work, only after it, as every link's are.</summary>
    internal LinkResult Write(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation,
        Writing.OutputTarget target, bool inputsJustRead)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        target.CheckInputs(_inputs.MappedFiles);
        Reports.LinkReports.CheckPaths(options, _inputs);
        if (!inputsJustRead)
            foreach (var m in _inputs.MappedFiles)
                if (m.ChangedSinceRead())
                    throw new LinkException(ErrorId.InputChanged,
                        $"{m.Path}: file changed since it was read (size, time or identity differ); read the inputs again", m.Path);
        options = Effective(options);
        var work = new ParallelWork(options.Threads, cancellation);
        // This write's own timings (the resolve phases first) and resolution: nothing here changes the session.
        var timings = _timings.Copy(options.PhaseStarted);
        // Which linker-defined symbols exist depends on the output kind and the roots, so those re-resolve.
        SymbolResolution resolution;
        if (options.Kind != Options.Kind || options.Entry != Options.Entry
            || !options.Undefined.SequenceEqual(Options.Undefined) || !options.RequireDefined.SequenceEqual(Options.RequireDefined)
            || !options.UndefinedGlobs.SequenceEqual(Options.UndefinedGlobs) || !options.DefSym.SequenceEqual(Options.DefSym)
            || !ReferenceEquals(options.LinkerScript, Options.LinkerScript))
            resolution = LinkPipeline.Resolve(_inputs, options, diagnostics, work, timings);
        else
            resolution = Resolution.WithOptions(options);
        if (options.Kind == OutputKind.Relocatable)
            return WriteRelocatable(resolution, options, diagnostics, work, timings, target);
        try
        {
            var layout = LinkPipeline.LayOut(resolution, work, diagnostics, timings);
            // Sizes that wrapped are refused here rather than as a negative length inside the writer.
            Layout.OutputSizeLimit.Check(layout.FileSize, options.OutputPath);
            var debug = LinkPipeline.CompressDebug(layout, work, timings);
            ulong fileSize = debug?.FileSize ?? layout.FileSize;
            Layout.OutputSizeLimit.Check(fileSize, options.OutputPath);
            using (var output = Writing.OutputFile.Create(options.OutputPath, (long)fileSize, executable: true))
            {
                LinkPipeline.Write(layout, debug, output, work, timings);
                // What matters is whether the bytes read are still the file's: a replaced, truncated or extended
                // input fails the link; a touched one (time only) does not.
                foreach (var m in _inputs.MappedFiles)
                    if (m.ChangedDuringLink())
                        throw new LinkException(ErrorId.InputChanged, $"{m.Path}: input file changed during the link", m.Path);
                using (timings.Start("Commit output")) output.Commit();
            }
            Reports.LinkMap? map = null;
            if (Reports.LinkReports.Requested(options))
                using (timings.Start("Write reports")) map = Reports.LinkReports.Write(layout, _inputs, diagnostics);
            return new LinkResult(options.OutputPath, fileSize, layout.Entry, options.Kind, timings.List.ToArray()) { LinkMap = map };
        }
        catch
        {
            // Like GNU ld: a failed link leaves no (stale) output behind.
            if (!options.KeepOldOutputOnFailure)
                target.RemoveStaleOutput();
            throw;
        }
    }

    /// <summary>The alternative path of a relocatable output (-r): its own layout and writer, the same commit.</summary>
    private LinkResult WriteRelocatable(SymbolResolution resolution, LinkOptions options, DiagnosticBag diagnostics, ParallelWork work,
        PhaseTimings timings, Writing.OutputTarget target)
    {
        try
        {
            var layout = LinkPipeline.LayOutRelocatable(resolution, work, diagnostics, timings);
            Layout.OutputSizeLimit.Check(layout.FileSize, options.OutputPath);
            using (var output = Writing.OutputFile.Create(options.OutputPath, (long)layout.FileSize, executable: false))
            {
                LinkPipeline.WriteRelocatable(layout, output, work, timings);
                foreach (var m in _inputs.MappedFiles)
                    if (m.ChangedDuringLink())
                        throw new LinkException(ErrorId.InputChanged, $"{m.Path}: input file changed during the link", m.Path);
                using (timings.Start("Commit output")) output.Commit();
            }
            Reports.LinkMap? map = null;
            if (Reports.LinkReports.Requested(options))
                using (timings.Start("Write reports")) map = Reports.LinkReports.Write(layout, _inputs, diagnostics);
            return new LinkResult(options.OutputPath, layout.FileSize, 0, options.Kind, timings.List.ToArray()) { LinkMap = map };
        }
        catch
        {
            if (!options.KeepOldOutputOnFailure)
                target.RemoveStaleOutput();
            throw;
        }
    }

    /// <summary>The settings actually linked with: a Dynamic request that found no shared object stays Static.</summary>
    /// <summary>A write's options as the inputs decide them: a dynamic link without shared objects is static, and
    /// VERSION commands of scripts given as inputs join the version scripts (GNU ld).</summary>
    private LinkOptions Effective(LinkOptions options)
    {
        if (options.Kind == OutputKind.Dynamic && Options.Kind == OutputKind.Static && Resolution.SharedObjects.Length == 0)
            options = options with { Kind = OutputKind.Static };
        if (_inputs.ScriptVersionNodes.Count > 0)
            options = options with { InputScriptVersionNodes = _inputs.ScriptVersionNodes };
        return options;
    }

    public void Dispose()
    {
        _disposed = true;
        _pause?.Dispose();
        _pause = null;
        _inputs.Dispose();
    }
}
