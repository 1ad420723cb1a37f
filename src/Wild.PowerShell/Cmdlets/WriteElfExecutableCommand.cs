// Write-ElfExecutable (alias Write-Executable): lays out and writes the resolved link to -Path, through a
// temporary file renamed into place. Supports -WhatIf/-Confirm (a preview never fails); refuses to replace an
// existing file unless -Force; -PassThru emits the engine's LinkResult, with the link map recorded in it.
// Each write derives its own settings from the session and leaves it unchanged; a session that came straight
// from Resolve-ElfSymbol in the same pipeline is disposed here when the write is done (SessionOwnership).
using System.Management.Automation;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.PowerShell.Pipeline;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommunications.Write, "ElfExecutable", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[Alias("Write-Executable")]
[OutputType(typeof(LinkResult))]
public sealed class WriteElfExecutableCommand : PSCmdlet
{
    private readonly CancellationTokenSource _cancel = new();

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public LinkSession InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [Alias("OutputPath")]
    public string Path { get; set; } = "";

    /// <summary>Defaults to the kind the session was resolved for (Resolve-ElfSymbol -OutputKind).</summary>
    [Parameter]
    public OutputKind? OutputKind { get; set; }

    [Parameter]
    public SwitchParameter GcSections { get; set; }

    [Parameter]
    public BuildIdKind BuildId { get; set; } = BuildIdKind.None;

    [Parameter]
    public SwitchParameter EhFrameHeader { get; set; }

    [Parameter]
    public SwitchParameter StripAll { get; set; }

    [Parameter]
    [ValidateRange(0, 1024)]
    public int Threads { get; set; }

    /// <summary>DT_SONAME of a shared object (ld's -soname).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SoName { get; set; }

    /// <summary>DT_RUNPATH entries (ld's -rpath), e.g. '$ORIGIN'.</summary>
    [Parameter]
    public string[] RPath { get; set; } = [];

    /// <summary>Version scripts (ld's --version-script): exports, local symbols and version nodes.</summary>
    [Parameter]
    public string[] VersionScript { get; set; } = [];

    /// <summary>Exports every global symbol of an executable (ld's --export-dynamic).</summary>
    [Parameter]
    public SwitchParameter ExportDynamic { get; set; }

    /// <summary>Binds every import at load time (ld's -z now).</summary>
    [Parameter]
    public SwitchParameter BindNow { get; set; }

    /// <summary>The function DT_INIT names instead of _init (ld's -init).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Init { get; set; }

    /// <summary>The function DT_FINI names instead of _fini (ld's -fini).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Fini { get; set; }

    /// <summary>DT_FLAGS_1 bits that ld's -z keywords ask for (-z nodelete, initfirst, interpose, origin...); the link
    /// decides the others, and -BindNow asks for NOW.</summary>
    [Parameter]
    public DynamicFlags1Request DynamicFlags1 { get; set; }

    /// <summary>The main thread's stack size, written to PT_GNU_STACK's p_memsz (ld's -z stack-size).</summary>
    [Parameter]
    public ulong StackSize { get; set; }

    /// <summary>Leaves out PT_GNU_RELRO (ld's -z norelro); by default data that is read-only after relocation is
    /// protected.</summary>
    [Parameter]
    public SwitchParameter NoRelro { get; set; }

    /// <summary>Lets code share pages with the headers and read-only data (ld's -z noseparate-code).</summary>
    [Parameter]
    public SwitchParameter NoSeparateCode { get; set; }

    /// <summary>PT_GNU_STACK's executable bit: -ExecutableStack is ld's -z execstack, -ExecutableStack:$false its
    /// -z noexecstack; without it the stack is executable only when an input's .note.GNU-stack asks.</summary>
    [Parameter]
    public SwitchParameter ExecutableStack { get; set; }

    /// <summary>Makes a text relocation in a PIE or shared object an error (ld's -z text).</summary>
    [Parameter]
    public SwitchParameter NoTextRelocations { get; set; }

    /// <summary>Never makes copy relocations (ld's -z nocopyreloc).</summary>
    [Parameter]
    public SwitchParameter NoCopyRelocations { get; set; }

    /// <summary>Leaves undefined weak symbols of a dynamic output 0 at link time rather than for ld.so to bind
    /// (ld's -z nodynamic-undefined-weak).</summary>
    [Parameter]
    public SwitchParameter NoDynamicUndefinedWeak { get; set; }

    /// <summary>The segment alignment in bytes (ld's -z max-page-size); 0, the default, is the architecture's.</summary>
    [Parameter]
    [ValidatePowerOfTwo]
    public ulong MaxPageSize { get; set; }

    /// <summary>x86 features the output is marked with whatever its inputs say (ld's -z ibt, -z shstk, -z lam-u48,
    /// -z lam-u57).</summary>
    [Parameter]
    public X86FeatureRequest X86Feature { get; set; }

    /// <summary>The x86-64 ISA level recorded as needed in the output's property note (ld's -z x86-64-baseline|v2|v3|v4).</summary>
    [Parameter]
    public X86IsaLevel? X86IsaLevel { get; set; }

    /// <summary>Marks the output as needing indirect external access in its property note and makes no copy
    /// relocations (ld's -z indirect-extern-access).</summary>
    [Parameter]
    public SwitchParameter IndirectExternAccess { get; set; }

    /// <summary>Lets R_X86_64_32/32S against the output's own addresses into a PIE or shared object (ld's
    /// -z noreloc-overflow), for code that runs below 4 GiB.</summary>
    [Parameter]
    public SwitchParameter NoRelocOverflow { get; set; }

    /// <summary>With --gc-sections (-GcSections), a reference to __start_SEC/__stop_SEC does not keep
    /// the sections named SEC (ld's -z start-stop-gc).</summary>
    [Parameter]
    public SwitchParameter StartStopGc { get; set; }

    /// <summary>Packs relative relocations into .relr.dyn (ld's -z pack-relative-relocs).</summary>
    [Parameter]
    public SwitchParameter PackRelativeRelocs { get; set; }

    /// <summary>Keeps the input sections' relocations in the output as .rela&lt;section&gt; (ld's -q / --emit-relocs).</summary>
    [Parameter]
    public SwitchParameter EmitRelocs { get; set; }

    /// <summary>Compresses the output's .debug_* sections (ld's --compress-debug-sections=none|zlib|zstd).</summary>
    [Parameter]
    public DebugCompression? CompressDebugSections { get; set; }

    /// <summary>Writes .gdb_index from the inputs' debug information (ld.lld's --gdb-index).</summary>
    [Parameter]
    public SwitchParameter GdbIndex { get; set; }

    /// <summary>The program interpreter written to PT_INTERP (ld's --dynamic-linker).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DynamicLinker { get; set; }

    /// <summary>A GNU ld linker script that lays out the output (ld's -T); docs/linker-scripts.md lists what it may hold.
    /// Defaults to the session's (Resolve-ElfSymbol -LinkerScript), which also defined the script's symbols.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LinkerScript { get; set; }

    /// <summary>Output sections placed at fixed addresses (ld's --section-start, -Ttext/-Tdata/-Tbss): section name →
    /// address, e.g. @{ '.data' = 0x700000 }.</summary>
    [Parameter]
    public System.Collections.Hashtable? SectionStart { get; set; }

    /// <summary>GNU ld's layouts that are not demand paged: OMagic (ld's -N), NMagic (ld's -n); Paged is the default.</summary>
    [Parameter]
    public OutputMagic? Magic { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var session = InputObject;
        bool owned = SessionOwnership.IsPipelineOwned(session, MyInvocation);
        try
        {
            Write(session);
        }
        finally
        {
            if (owned)
            {
                session.Dispose();
                WriteVerbose("Released the session's inputs: it came straight from Resolve-ElfSymbol in this pipeline.");
            }
        }
    }

    private void Write(LinkSession session)
    {
        string target = GetUnresolvedProviderPathFromPSPath(Path);
        if (session.IsDisposed)
            ThrowTerminatingError(new ErrorRecord(new ObjectDisposedException(nameof(LinkSession),
                    "This session was disposed (its inputs released) when the pipeline that made it ended, or by Dispose(). "
                    + "Keep a session to write it more than once: $session = Read-ElfObject ... | Resolve-ElfSymbol"),
                "SessionDisposed", ErrorCategory.InvalidOperation, session));
        var kind = OutputKind ?? session.Options.Kind;
        bool exists = File.Exists(target);
        // -WhatIf previews what would happen, including a refusal; only a real write fails on an existing file.
        string action = !exists ? $"Write {kind} executable"
            : Force ? $"Replace the existing file with a {kind} executable"
            : $"Write {kind} executable (fails: the file exists; -Force replaces it)";
        if (!ShouldProcess(target, action)) return;
        if (exists && !Force)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"{target} already exists; use -Force to replace it"),
                "OutputExists", ErrorCategory.ResourceExists, target));
            return;
        }

        var flags1 = (ulong)(DynamicFlags1 & ~DynamicFlags1Request.Origin);

        var options = session.Options with
        {
            OutputPath = target,
            Kind = kind,
            GcSections = GcSections,
            EmitRelocs = EmitRelocs || session.Options.EmitRelocs,
            BuildId = BuildId,
            // gcc asks for .eh_frame_hdr in every mode but -static; do the same unless told.
            EhFrameHdr = EhFrameHeader || kind != Wild.Engine.OutputKind.Static,
            StripAll = StripAll,
            Threads = Threads,
            KeepOldOutputOnFailure = true,
            SoName = SoName ?? session.Options.SoName,
            RPath = [.. session.Options.RPath, .. RPath],
            VersionScripts = [.. session.Options.VersionScripts, .. VersionScript.Select(v => GetUnresolvedProviderPathFromPSPath(v))],
            ExportDynamic = ExportDynamic || session.Options.ExportDynamic,
            Z = session.Options.Z with
            {
                Now = BindNow || session.Options.Z.Now,
                PackRelativeRelocs = PackRelativeRelocs || session.Options.Z.PackRelativeRelocs,
                // DF_1_ORIGIN goes with DF_ORIGIN, which the engine writes for -z origin.
                Origin = DynamicFlags1.HasFlag(DynamicFlags1Request.Origin) || session.Options.Z.Origin,
                Flags1 = session.Options.Z.Flags1 | flags1,
                StackSize = StackSize != 0 ? StackSize : session.Options.Z.StackSize,
                Relro = !NoRelro && session.Options.Z.Relro,
                SeparateCode = NoSeparateCode ? false : session.Options.Z.SeparateCode,
                // A switch with three states: absent (the inputs decide), -ExecutableStack, -ExecutableStack:$false.
                ExecStack = MyInvocation.BoundParameters.ContainsKey(nameof(ExecutableStack)) ? ExecutableStack.IsPresent : session.Options.Z.ExecStack,
                Text = NoTextRelocations || session.Options.Z.Text,
                NoCopyReloc = NoCopyRelocations || IndirectExternAccess || session.Options.Z.NoCopyReloc,
                IndirectExternAccess = IndirectExternAccess || session.Options.Z.IndirectExternAccess,
                NoRelocOverflow = NoRelocOverflow || session.Options.Z.NoRelocOverflow,
                StartStopGc = StartStopGc || session.Options.Z.StartStopGc,
                DynamicUndefinedWeak = !NoDynamicUndefinedWeak && session.Options.Z.DynamicUndefinedWeak,
                MaxPageSize = MaxPageSize != 0 ? MaxPageSize : session.Options.Z.MaxPageSize,
                Ibt = X86Feature.HasFlag(X86FeatureRequest.Ibt) || session.Options.Z.Ibt,
                Shstk = X86Feature.HasFlag(X86FeatureRequest.ShadowStack) || session.Options.Z.Shstk,
                LamU48 = X86Feature.HasFlag(X86FeatureRequest.LamU48) || session.Options.Z.LamU48,
                LamU57 = X86Feature.HasFlag(X86FeatureRequest.LamU57) || session.Options.Z.LamU57,
                IsaLevelNeeded = X86IsaLevel is { } level ? (uint)level : session.Options.Z.IsaLevelNeeded,
            },
            InitSymbol = Init ?? session.Options.InitSymbol,
            FiniSymbol = Fini ?? session.Options.FiniSymbol,
            DynamicLinker = DynamicLinker ?? session.Options.DynamicLinker,
            CompressDebugSections = CompressDebugSections ?? session.Options.CompressDebugSections,
            GdbIndex = GdbIndex || session.Options.GdbIndex,
            SectionStarts = SectionStart is null ? session.Options.SectionStarts : [.. session.Options.SectionStarts, .. SectionStarts(SectionStart)],
            Magic = Magic ?? session.Options.Magic,
            // The result handed on by -PassThru carries the link map, for Get-ElfLinkMap and Measure-ElfImage -By InputFile.
            CollectLinkMap = PassThru,
        };
        var diagnostics = new DiagnosticBag();
        LinkResult result;
        try
        {
            // The script is read here, so its errors (file:line:column) are this write's, like the link's own.
            if (LinkerScript is not null)
                options = options.WithLinkerScript(Wild.Engine.Scripts.ScriptPlan.Load(GetUnresolvedProviderPathFromPSPath(LinkerScript)));
            result = EngineCall.Run(this, 3, $"Write-ElfExecutable {target}",
                phase => session.Write(options with { PhaseStarted = phase }, diagnostics, _cancel.Token), _cancel.Token);
        }
        catch (LinkException e)
        {
            ReportDiagnostics(diagnostics);
            // An input found broken only now (a bad relocation) is the error's target; otherwise the output is.
            ThrowTerminatingError(ErrorRecords.From(e, e.File ?? target));
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        ReportDiagnostics(diagnostics);
        foreach (var t in result.Timings)
            WriteVerbose($"{t.Name}: {t.Elapsed.TotalMilliseconds:F1} ms");
        if (PassThru) WriteObject(result);
    }

    /// <summary>-SectionStart's entries in name order (a hashtable has none of its own, and the output must not depend
    /// on it); addresses as PowerShell converts them (0x700000, '0x700000', 7340032).</summary>
    private static KeyValuePair<string, ulong>[] SectionStarts(System.Collections.Hashtable table) =>
        [.. table.Keys.Cast<object>().Select(k => new KeyValuePair<string, ulong>(
                LanguagePrimitives.ConvertTo<string>(k), LanguagePrimitives.ConvertTo<ulong>(table[k])))
            .OrderBy(p => p.Key, StringComparer.Ordinal)];

    private void ReportDiagnostics(DiagnosticBag diagnostics)
    {
        foreach (var d in diagnostics.Items)
            if (d.Kind == DiagnosticKind.Warning) WriteWarning(d.Message); else WriteVerbose(d.Message);
    }

    protected override void StopProcessing() => _cancel.Cancel();
}
