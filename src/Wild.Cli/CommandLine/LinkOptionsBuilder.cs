// Mutable state of one command-line parse: the option table's handlers write here, positional state
// (-Bstatic, --as-needed, --whole-archive, --push-state) is stamped onto each input as it is named, and
// Build() decides the output kind and freezes everything into an immutable LinkOptions for the engine.
using Wild.Engine;

namespace Wild.Cli.CommandLine;

internal sealed class LinkOptionsBuilder
{
    private readonly List<InputSpec> _inputs = [];
    private readonly Stack<InputModifiers> _pushed = new();
    private readonly List<string> _warnings = [];
    private int _groupDepth;
    private int _inputCount;

    // --- positional state -------------------------------------------------------------------------------

    public InputModifiers Modifiers { get; set; }

    public void AddFile(string path)
    {
        _inputs.Add(new InputSpec.File(path, Modifiers));
        _inputCount++;
    }

    public void AddLibrary(string nameOrColonFile)
    {
        if (nameOrColonFile.Length == 0)
            throw new CommandLineException("-l needs a library name");
        bool verbatim = nameOrColonFile[0] == ':';
        string name = verbatim ? nameOrColonFile[1..] : nameOrColonFile;
        if (name.Length == 0)
            throw new CommandLineException("-l: needs a file name after ':'");
        _inputs.Add(new InputSpec.Library(name, verbatim, Modifiers));
        _inputCount++;
    }

    public void StartGroup()
    {
        // GNU ld accepts nested groups; the outer group already rescans everything the inner one holds,
        // so only the outermost pair reaches the engine.
        if (_groupDepth++ == 0)
            _inputs.Add(new InputSpec.GroupStart());
    }

    public void EndGroup()
    {
        if (_groupDepth == 0)
            throw new CommandLineException("group ended before it began (--end-group without --start-group)");
        if (--_groupDepth == 0)
            _inputs.Add(new InputSpec.GroupEnd());
    }

    public void PushState() => _pushed.Push(Modifiers);

    public void PopState()
    {
        if (_pushed.Count == 0)
            throw new CommandLineException("no state pushed before popping (--pop-state without --push-state)");
        Modifiers = _pushed.Pop();
    }

    public int InputCount => _inputCount;

    // --- what the CLI itself does -----------------------------------------------------------------------

    public bool ShowHelp { get; set; }
    /// <summary>--version: print and stop, even when inputs were given (GNU ld does not link then).</summary>
    public bool VersionOnly { get; set; }
    /// <summary>-v / -V / --verbose: print and go on linking (CMake's probe passes -Wl,-v with inputs).</summary>
    public bool ShowVersion { get; set; }
    public bool ShowEmulations { get; set; }
    /// <summary>After "--" every argument is an input, as with getopt.</summary>
    public bool OptionsEnded { get; set; }

    public void Warn(string message) => _warnings.Add(message);

    public IReadOnlyList<string> Warnings => _warnings;

    // --- output kind ------------------------------------------------------------------------------------

    public bool Shared { get; set; }
    public bool Pie { get; set; }
    /// <summary>Set by -static only (not -Bstatic): sticky, because rustc and gcc end static links with
    /// -Bdynamic to restore the lookup mode, not to ask for a dynamic output.</summary>
    public bool StaticOutput { get; set; }
    public bool NoDynamicLinker { get; set; }

    // --- plain settings ---------------------------------------------------------------------------------

    public string? OutputPath { get; set; }
    public List<string> LibraryPaths { get; } = [];
    public string? Sysroot { get; set; }
    public string? Entry { get; set; }
    public List<string> Undefined { get; } = [];
    public List<KeyValuePair<string, string>> DefSym { get; } = [];
    public bool GcSections { get; set; }
    public bool EhFrameHdr { get; set; }
    public BuildIdKind BuildId { get; set; } = BuildIdKind.None;
    public byte[]? BuildIdBytes { get; set; }
    public string? DynamicLinker { get; set; }
    public bool StripAll { get; set; }
    public bool StripDebug { get; set; }
    public bool ExportDynamic { get; set; }
    public string? SoName { get; set; }
    public List<string> RPath { get; } = [];
    public List<string> RPathLink { get; } = [];
    public ZOptions Z { get; set; } = new();
    public int Threads { get; set; }
    public bool PrintTimings { get; set; }
    public string? MapFile { get; set; }
    public bool PrintGcSections { get; set; }
    public List<string> TraceSymbols { get; } = [];
    public List<string> Wrap { get; } = [];
    public HashStyle HashStyle { get; set; } = HashStyle.Both;
    public List<string> VersionScripts { get; } = [];
    public bool NoUndefinedVersion { get; set; }
    public bool NewDtags { get; set; } = true;
    public bool NoUndefined { get; set; }
    public bool? AllowShlibUndefined { get; set; }
    public List<string> DynamicLists { get; } = [];
    public bool DynamicListData { get; set; }
    public List<string> ExportDynamicSymbols { get; } = [];
    public List<string> ExportDynamicSymbolLists { get; } = [];
    public SymbolicMode Symbolic { get; set; }
    public DebugCompression CompressDebugSections { get; set; }
    public string? DependencyFile { get; set; }
    public List<string> ExcludeLibs { get; } = [];
    public bool FatalWarnings { get; set; }
    public DiscardLocals DiscardLocals { get; set; }
    public bool Cref { get; set; }
    public bool Trace { get; set; }
    public string? WhyExtract { get; set; }
    public bool Relax { get; set; } = true;

    /// <summary>The output kind the flags ask for; see the brief's rules, which follow GNU ld and gcc.</summary>
    public OutputKind DecideKind()
    {
        if (Shared)
            return OutputKind.Shared;
        if (Pie)
            return StaticOutput || NoDynamicLinker ? OutputKind.StaticPie : OutputKind.Pie;
        // A Dynamic link without any shared input is turned into Static by the engine, which alone knows
        // what the inputs turn out to be.
        return StaticOutput ? OutputKind.Static : OutputKind.Dynamic;
    }

    public LinkOptions Build()
    {
        if (_groupDepth > 0)
        {
            // ld.bfd does the same (with this warning) rather than failing.
            Warn("missing --end-group; added as last command line option");
            _groupDepth = 0;
            _inputs.Add(new InputSpec.GroupEnd());
        }

        return new LinkOptions
        {
            OutputPath = OutputPath ?? "a.out",
            Kind = DecideKind(),
            Inputs = _inputs.ToArray(),
            LibraryPaths = ApplySysroot(LibraryPaths),
            Entry = Entry,
            Undefined = Undefined.ToArray(),
            DefSym = DefSym.ToArray(),
            GcSections = GcSections,
            EhFrameHdr = EhFrameHdr,
            BuildId = BuildId,
            BuildIdBytes = BuildIdBytes,
            DynamicLinker = NoDynamicLinker ? null : DynamicLinker,
            NoDynamicLinker = NoDynamicLinker,
            StripAll = StripAll,
            StripDebug = StripDebug,
            ExportDynamic = ExportDynamic,
            SoName = SoName,
            RPath = RPath.ToArray(),
            RPathLink = RPathLink.ToArray(),
            Z = Z,
            Threads = Threads,
            PrintTimings = PrintTimings,
            MapFile = MapFile,
            PrintGcSections = PrintGcSections,
            TraceSymbols = TraceSymbols.ToArray(),
            Wrap = Wrap.ToArray(),
            HashStyle = HashStyle,
            VersionScripts = VersionScripts.ToArray(),
            NoUndefinedVersion = NoUndefinedVersion,
            NewDtags = NewDtags,
            NoUndefined = NoUndefined,
            AllowShlibUndefined = AllowShlibUndefined,
            DynamicLists = DynamicLists.ToArray(),
            DynamicListData = DynamicListData,
            ExportDynamicSymbols = ExportDynamicSymbols.ToArray(),
            ExportDynamicSymbolLists = ExportDynamicSymbolLists.ToArray(),
            Symbolic = Symbolic,
            CompressDebugSections = CompressDebugSections,
            DependencyFile = DependencyFile,
            ExcludeLibs = ExcludeLibs.ToArray(),
            FatalWarnings = FatalWarnings,
            DiscardLocals = DiscardLocals,
            Cref = Cref,
            Trace = Trace,
            WhyExtract = WhyExtract,
            Relax = Relax,
        };
    }

    // GNU ld: a search directory starting with '=' or "$SYSROOT" is relative to --sysroot.
    private string[] ApplySysroot(List<string> dirs)
    {
        var result = new string[dirs.Count];
        for (int i = 0; i < dirs.Count; i++)
        {
            string d = dirs[i];
            string? rest = d.StartsWith('=') ? d[1..] : d.StartsWith("$SYSROOT", StringComparison.Ordinal) ? d[8..] : null;
            result[i] = rest is null ? d : (Sysroot ?? "") + rest;
        }
        return result;
    }
}
