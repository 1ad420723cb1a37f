// Mutable state of one command-line parse: each option table row changes the LinkOptions being built (one
// field), positional state (-Bstatic, --as-needed, --whole-archive, --push-state) is stamped onto each input
// as it is named, and Build() decides the output kind and hands the engine the finished, immutable options.
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

    /// <summary>Inputs a -T script names (INPUT, GROUP), in order; a GROUP inside --start-group joins the outer one.</summary>
    public void AddInputs(IEnumerable<InputSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (spec is InputSpec.GroupStart) StartGroup();
            else if (spec is InputSpec.GroupEnd) EndGroup();
            else
            {
                _inputs.Add(spec);
                _inputCount++;
            }
        }
    }

    /// <summary>A positional marker the engine pairs up itself (--start-lib/--end-lib), in command-line order.</summary>
    public void AddMarker(InputSpec marker) => _inputs.Add(marker);

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
    /// <summary>--retain-symbols-file may be given once, even when a later -s or -S overrides it (GNU ld).</summary>
    public bool RetainSymbolsFileGiven { get; set; }
    /// <summary>After "--" every argument is an input, as with getopt.</summary>
    public bool OptionsEnded { get; set; }

    public void Warn(string message) => _warnings.Add(message);

    public IReadOnlyList<string> Warnings => _warnings;

    // --- output kind ------------------------------------------------------------------------------------

    public bool Shared { get; set; }
    public bool Pie { get; set; }
    /// <summary>-r: a relocatable output, whatever -static says; -shared and -pie contradict it.</summary>
    public bool Relocatable { get; set; }
    /// <summary>Set by -static only (not -Bstatic): sticky, because rustc and gcc end static links with
    /// -Bdynamic to restore the lookup mode, not to ask for a dynamic output.</summary>
    public bool StaticOutput { get; set; }
    /// <summary>--sysroot: where search directories starting with '=' or $SYSROOT are.</summary>
    public string? Sysroot { get; set; }

    // --- everything else: the engine's own settings ----------------------------------------------------

    /// <summary>The link's settings as the options so far decided them; an option's table row changes the one
    /// field it is about, so adding an option is a row in OptionTable and a field in LinkOptions.</summary>
    public LinkOptions Options { get; private set; } = new() { OutputPath = "a.out" };
    /// <summary>Whether -o named the output: a -T script's OUTPUT(file) applies only without it (GNU ld).</summary>
    public bool OutputGiven { get; set; }

    public void Set(Func<LinkOptions, LinkOptions> change) => Options = change(Options);

    /// <summary>Changes the -z settings (and the options that mean the same, such as --allow-multiple-definition).</summary>
    public void SetZ(Func<ZOptions, ZOptions> change) => Options = Options with { Z = change(Options.Z) };

    /// <summary>-plugin: GNU ld can load several plugins; one plugin serves every LTO input gcc or clang produce, so a
    /// second, different one is refused rather than silently given the first one's options.</summary>
    /// <summary>--section-start / -Ttext / -Tdata / -Tbss: a later address for the same section replaces the earlier one.</summary>
    public void AddSectionStart(string section, ulong address) =>
        Set(o => o with { SectionStarts = [.. o.SectionStarts.Where(p => p.Key != section), new(section, address)] });

    public void SetPlugin(string path)
    {
        if (Options.Plugin is { } given && given != path)
            throw new CommandLineException($"-plugin {path}: only one linker plugin is supported (already given {given})");
        Set(o => o with { Plugin = path });
    }

    /// <summary>The output kind the flags ask for; see the brief's rules, which follow GNU ld and gcc.</summary>
    public OutputKind DecideKind()
    {
        // GNU ld's wording.
        if (Relocatable && Shared) throw new CommandLineException("-r and -shared may not be used together");
        if (Relocatable && Pie) throw new CommandLineException("-r and -pie may not be used together");
        // GNU ld 2.40 and lld 19 accept -r -q silently (a relocatable output keeps every relocation anyway); issue 16
        // asks for the pair to be refused, by a message that names both.
        if (Relocatable && Options.EmitRelocs) throw new CommandLineException("-r and --emit-relocs may not be used together");
        if (Relocatable)
            return OutputKind.Relocatable;
        if (Shared)
            return OutputKind.Shared;
        if (Pie)
            return StaticOutput || Options.NoDynamicLinker ? OutputKind.StaticPie : OutputKind.Pie;
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

        return Options with
        {
            Kind = DecideKind(),
            Inputs = _inputs.ToArray(),
            LibraryPaths = ApplySysroot(Options.LibraryPaths),
            Sysroot = Sysroot,
            DynamicLinker = Options.NoDynamicLinker ? null : Options.DynamicLinker,
            OutputPath = !OutputGiven && Options.LinkerScript?.OutputFile is { } scripted ? scripted : Options.OutputPath,
        };
    }

    /// <summary>GNU ld: a search directory starting with '=' or "$SYSROOT" is relative to --sysroot.</summary>
    public string[] ApplySysroot(IReadOnlyList<string> dirs)
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
