// What a -T linker script asks of the layout, checked once before the link starts: the SECTIONS statements in
// order, the input-section rules that send input sections to output sections (first match wins, as in GNU ld),
// which rules KEEP their sections, MEMORY regions, PHDRS and the symbols the script assigns. Immutable. The
// classification phase asks Match; the address phase walks Statements (ScriptAddressAssigner). Anything the
// layout does not implement is refused here, by name and file:line:column.
using System.Text;
using Wild.Engine.Input;

namespace Wild.Engine.Scripts;

/// <summary>One input section description of an output section, numbered in script order.</summary>
internal sealed record ScriptRule(int Index, string? Output, InputSectionCommand Command)
{
    public ScriptFileGlob FileGlob { get; } = new(Command.FilePattern);
    public ScriptFileGlob[] ExcludeFiles { get; } = Command.ExcludeFiles.Select(f => new ScriptFileGlob(f)).ToArray();
    public (byte[] Glob, ScriptFileGlob[] Exclude)[] Sections { get; } =
        Command.Sections.Select(s => (Encoding.UTF8.GetBytes(s.Glob), s.ExcludeFiles.Select(f => new ScriptFileGlob(f)).ToArray())).ToArray();
}

public sealed class ScriptPlan
{
    private readonly ScriptRule[] _rules;

    private ScriptPlan(ScriptFile file, List<ScriptCommand> statements, ScriptRule[] rules, Dictionary<string, MemoryRegion> regions,
        PhdrsCommand? phdrs, List<AssignmentCommand> assignments)
    {
        File = file;
        Statements = statements;
        _rules = rules;
        Regions = regions;
        Phdrs = phdrs;
        Assignments = assignments;
    }

    public ScriptFile File { get; }
    /// <summary>Every SECTIONS command's statements, concatenated in order.</summary>
    public IReadOnlyList<ScriptCommand> Statements { get; }
    internal IReadOnlyList<ScriptRule> Rules => _rules;
    public IReadOnlyDictionary<string, MemoryRegion> Regions { get; }
    /// <summary>The MEMORY regions in the order the script defines them (aliases not repeated).</summary>
    public IReadOnlyList<MemoryRegion> RegionsInOrder => File.Commands.OfType<MemoryCommand>().SelectMany(m => m.Regions).ToList();
    public PhdrsCommand? Phdrs { get; }
    /// <summary>Every assignment to a symbol (not to `.`), anywhere in the script, in script order.</summary>
    public IReadOnlyList<AssignmentCommand> Assignments { get; }
    /// <summary>Whether the script lays the output out: it has SECTIONS, or it has no INSERT and so replaces GNU ld's
    /// default script whole (`ld -T x.ld` where x.ld holds only ENTRY or MEMORY: GNU ld then has no SECTIONS at all
    /// and every section is an orphan, from address 0, as with an empty `SECTIONS {}`).</summary>
    public bool HasSections { get; private init; }
    /// <summary>INSERT AFTER|BEFORE: the SECTIONS go into GNU ld's default layout next to this section; null when the
    /// script replaces the default layout.</summary>
    public InsertCommand? Insert { get; private init; }
    /// <summary>Whether this script's SECTIONS replace the default layout (ScriptAddressAssigner places everything).</summary>
    /// <summary>Where errors about the layout as a whole point: the first SECTIONS, else the script's start.</summary>
    internal ScriptPosition LayoutPosition => File.Sections.FirstOrDefault()?.Position ?? new ScriptPosition(File.Path, 1, 1);
    public bool LaysOutEverything => HasSections && Insert is null;
    public string? Entry => File.Entry;
    /// <summary>The version nodes of the script's VERSION commands, in order: they act as a --version-script given
    /// after the command line's ones (as GNU ld reads them).</summary>
    public IReadOnlyList<VersionNode> VersionNodes { get; private init; } = [];
    /// <summary>NOCROSSREFS, NOCROSSREFS_TO and OVERLAY ... NOCROSSREFS, each as a NOCROSSREFS list (ScriptCrossReferences).</summary>
    internal IReadOnlyList<NoCrossRefsCommand> CrossReferenceRules { get; private init; } = [];
    /// <summary>The e_machine OUTPUT_FORMAT, TARGET or OUTPUT_ARCH names (0: none does), and the first such command,
    /// which the layout refuses when the link's inputs are for another machine (as GNU ld cannot represent it).</summary>
    internal (ushort Machine, SettingCommand? Command) OutputMachine { get; private init; }

    /// <summary>Whether a reference from output section <paramref name="from"/> may be one a rule forbids.</summary>
    internal bool MayReferToOthers(string from)
    {
        foreach (var r in CrossReferenceRules)
            for (int i = r.To ? 1 : 0; i < r.Sections.Count; i++)
                if (r.Sections[i] == from) return true;
        return false;
    }

    internal bool ForbidsReference(string from, string to) => CrossReferenceRuleOf(from, to) is not null;

    /// <summary>The rule forbidding references from output section <paramref name="from"/> to <paramref name="to"/>, or null.</summary>
    internal NoCrossRefsCommand? CrossReferenceRuleOf(string from, string to)
    {
        foreach (var r in CrossReferenceRules)
        {
            if (r.To ? r.Sections[0] == to && r.Sections.Skip(1).Contains(from) : r.Sections.Contains(from) && r.Sections.Contains(to))
                return r;
        }
        return null;
    }

    private static IEnumerable<NoCrossRefsCommand> OverlayCrossReferenceRules(List<ScriptCommand> statements) =>
        statements.OfType<OutputSectionCommand>().Select(c => c.Overlay).Where(o => o is { IsFirst: true, Group.NoCrossRefs: true })
            .Select(o => new NoCrossRefsCommand(o!.Group.Position, false, o.Group.Sections));

    /// <summary>OUTPUT(file): the output's name unless -o gives one; null without OUTPUT.</summary>
    public string? OutputFile { get; private init; }
    /// <summary>The symbols EXTERN names, in order: undefined roots, as if each were given with -u.</summary>
    public IReadOnlyList<string> Externs { get; private init; } = [];
    /// <summary>The directories SEARCH_DIR names, in order, as written ('=' and $SYSROOT still to apply): the command line
    /// adds them to the -L list where the -T stands, as GNU ld does.</summary>
    public IReadOnlyList<string> SearchDirs { get; private init; } = [];
    /// <summary>The script's INPUT and GROUP commands, in order.</summary>
    public IReadOnlyList<InputCommand> InputCommands { get; private init; } = [];

    /// <summary>The files INPUT and GROUP name, as input specs to add where the -T stands (GNU ld loads them as if
    /// given on the command line there): a name that exists as given, else a bare name searched along -L, else a
    /// path next to the script; GROUP's in a group.</summary>
    public IReadOnlyList<InputSpec> InputSpecs(InputModifiers modifiers, string? sysroot)
    {
        var result = new List<InputSpec>();
        var root = sysroot is null ? null : new Sysroot(sysroot);
        foreach (var i in InputCommands) LinkerScript.AddInputs(File.Path, i, modifiers, result, root);
        return result;
    }

    public static ScriptPlan Load(string path) => Build(ScriptParser.Load(path));

    public static ScriptPlan Build(ScriptFile file)
    {
        var statements = new List<ScriptCommand>();
        var regions = new Dictionary<string, MemoryRegion>(StringComparer.Ordinal);
        var assignments = new List<AssignmentCommand>();
        PhdrsCommand? phdrs = null;
        InsertCommand? insert = null;
        var inputs = new List<InputCommand>();
        var searchDirs = new List<string>();
        var versionNodes = new List<VersionNode>();
        var externs = new List<string>();
        string? output = null;
        (ushort Machine, SettingCommand? Command) outputMachine = default;
        var crossRefs = new List<NoCrossRefsCommand>();
        foreach (var c in file.Commands)
        {
            switch (c)
            {
                case SectionsCommand s: statements.AddRange(s.Statements); break;
                case MemoryCommand m:
                    foreach (var r in m.Regions)
                        if (!regions.TryAdd(r.Name, r)) throw r.Position.Error($"memory region '{r.Name}' is defined twice");
                    break;
                case RegionAliasCommand a:
                    if (!regions.TryGetValue(a.Region, out var target)) throw a.Position.Error($"REGION_ALIAS: no memory region '{a.Region}'");
                    if (!regions.TryAdd(a.Alias, target)) throw a.Position.Error($"REGION_ALIAS: '{a.Alias}' is already a memory region");
                    break;
                case PhdrsCommand p:
                    if (phdrs is not null) throw p.Position.Error("a second PHDRS command");
                    phdrs = p;
                    break;
                case AssignmentCommand a:
                    if (a.IsDot) throw a.Position.Error("the location counter can only be assigned inside SECTIONS");
                    assignments.Add(a);
                    break;
                // The files join the link where the -T stands (the command line adds them: InputSpecs).
                case InputCommand i: inputs.Add(i); break;
                case InsertCommand i:
                    if (insert is not null) throw i.Position.Unsupported("a second INSERT");
                    insert = i;
                    break;
                case VersionCommand v: versionNodes.AddRange(v.Nodes); break;
                case NoCrossRefsCommand n: crossRefs.Add(n); break;
                case UnsupportedCommand u: throw u.Position.Unsupported(u.Name);
                case SettingCommand { Name: "OUTPUT_FORMAT" or "TARGET" or "OUTPUT_ARCH" } f:
                    outputMachine = NamedMachine(f, outputMachine);
                    break;
                case SettingCommand { Name: "SEARCH_DIR" } d: searchDirs.AddRange(d.Arguments); break;
                // Like -u for each name (GNU ld): roots that pull archive members.
                case SettingCommand { Name: "EXTERN" } e: externs.AddRange(e.Arguments); break;
                // The output file when the command line names none (-o wins, wherever it stands).
                case SettingCommand { Name: "OUTPUT", Arguments.Count: 1 } o: output = o.Arguments[0]; break;
                // Only -r leaves commons and group members unallocated; an executable or shared object allocates them
                // anyway, so these change nothing here (as in GNU ld).
                case SettingCommand { Name: "FORCE_COMMON_ALLOCATION" or "FORCE_GROUP_ALLOCATION" }: break;
                case SettingCommand s:
                    throw s.Position.Unsupported(s.Name);
            }
        }
        var rules = new List<ScriptRule>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var st in statements)
        {
            switch (st)
            {
                case AssignmentCommand a when !a.IsDot: assignments.Add(a); break;
                case OutputSectionCommand os:
                    CheckOutputSection(os, regions, phdrs);
                    // GNU ld's default script describes .eh_frame twice, ONLY_IF_RO and ONLY_IF_RW: at most one survives.
                    // SPECIAL asks GNU ld for a statement of its own even when one of that name exists: alone, it is a
                    // plain section; next to another of its name it would make a second one, refused below.
                    if (!os.IsDiscard && !names.Add(os.Name) && os.Constraint is null or "SPECIAL")
                        throw os.Position.Unsupported($"a second output section called {os.Name}");
                    foreach (var item in os.Body)
                    {
                        switch (item)
                        {
                            case InputSectionCommand ic: rules.Add(new ScriptRule(rules.Count, os.IsDiscard ? null : os.Name, ic)); break;
                            case AssignmentCommand a when !a.IsDot: assignments.Add(a); break;
                            case AssignmentCommand a when os.IsDiscard: throw a.Position.Error("assignment to '.' in /DISCARD/");
                            // `.` between input section descriptions moves the inputs after it: the address walk
                            // lays such a body out itself (NeedsBodyLayout).
                            case AssignmentCommand: break;
                            case DataCommand d when os.IsDiscard: throw d.Position.Error($"{d.Kind} in /DISCARD/");
                            case DataCommand: break;
                            case FillCommand: break;
                            case AssertCommand: break;
                            case EntryCommand: break;
                            default: throw item.Position.Unsupported(item.GetType().Name);
                        }
                    }
                    break;
            }
        }
        foreach (var a in assignments)
            if (a.Kind != AssignmentKind.Plain && a.Operator != "=")
                throw a.Position.Error($"{a.Kind.ToString().ToUpperInvariant()} takes a plain '=' assignment");
        if (insert is not null)
        {
            // INSERT augments GNU ld's default layout: its sections go next to a default one, everything else stays.
            if (phdrs is not null) throw phdrs.Position.Unsupported("PHDRS with INSERT");
            if (regions.Count > 0) throw regions.Values.First().Position.Unsupported("MEMORY with INSERT");
            foreach (var st in statements)
            {
                if (st is OutputSectionCommand { Overlay: { } overlay }) throw overlay.Group.Position.Unsupported("OVERLAY in a script with INSERT");
                // The default layout takes the walk's address for an inserted section (AddressAssigner.Insert); a load
                // address of its own would need a PT_LOAD of that load address, which the default layout does not make.
                if (st is OutputSectionCommand o && (o.LoadAddress is not null || o.LoadRegion is not null || o.Region is not null || o.Type is not null))
                    throw o.Position.Unsupported($"AT, a region or a type on output section {o.Name} in a script with INSERT");
            }
        }
        return new ScriptPlan(file, statements, [.. rules], regions, phdrs, assignments)
        {
            Insert = insert, InputCommands = inputs, SearchDirs = searchDirs, VersionNodes = versionNodes, Externs = externs, OutputFile = output,
            CrossReferenceRules = [.. crossRefs, .. OverlayCrossReferenceRules(statements)],
            OutputMachine = outputMachine,
            HasSections = insert is null || file.Commands.Any(c => c is SectionsCommand),
        };
    }

    /// <summary>The machine an OUTPUT_FORMAT, TARGET or OUTPUT_ARCH names: elf64-x86-64 or i386:x86-64, and
    /// elf64-littleaarch64 or aarch64 (OUTPUT_FORMAT's three-name form gives the default, big- and little-endian
    /// formats: little-endian links take the first and the last, so GNU ld's own AArch64 script names its big-endian
    /// format in the middle). Anything else, or a second machine, is refused by name.</summary>
    private static (ushort, SettingCommand?) NamedMachine(SettingCommand f, (ushort Machine, SettingCommand? Command) before)
    {
        var names = f.Name == "OUTPUT_FORMAT" && f.Arguments.Count == 3 ? [f.Arguments[0], f.Arguments[2]] : f.Arguments;
        ushort machine = before.Machine;
        foreach (string name in names)
        {
            ushort m = (f.Name, name) switch
            {
                ("OUTPUT_ARCH", "i386:x86-64" or "x86-64") or (_, "elf64-x86-64") => Elf.ElfConstants.EM_X86_64,
                ("OUTPUT_ARCH", "aarch64") or (_, "elf64-littleaarch64") => Elf.ElfConstants.EM_AARCH64,
                _ => throw f.Position.Unsupported($"{f.Name}({string.Join(", ", f.Arguments)}) (only elf64-x86-64, " +
                    "elf64-littleaarch64 and their OUTPUT_ARCH i386:x86-64 and aarch64 are)"),
            };
            if (machine != 0 && m != machine)
                throw f.Position.Error($"{f.Name}({string.Join(", ", f.Arguments)}) names another machine than the script's {before.Command?.Name ?? f.Name}");
            machine = m;
        }
        return (machine, before.Command ?? f);
    }

    private static void CheckOutputSection(OutputSectionCommand os, Dictionary<string, MemoryRegion> regions, PhdrsCommand? phdrs)
    {
        if (os.Type is not (null or "NOLOAD")) throw os.Position.Unsupported($"output section type ({os.Type})");
        if (os.Constraint is not (null or "ONLY_IF_RO" or "ONLY_IF_RW" or "SPECIAL")) throw os.Position.Unsupported(os.Constraint);
        if (os.LoadAddress is not null && os.LoadRegion is not null)
            throw os.Position.Error($"output section {os.Name} has both AT(...) and AT>{os.LoadRegion}");
        if (os.Region is { } r && !regions.ContainsKey(r)) throw os.Position.Error($"no memory region named '{r}' (for {os.Name})");
        if (os.LoadRegion is { } lr && !regions.ContainsKey(lr)) throw os.Position.Error($"no memory region named '{lr}' (for {os.Name})");
        foreach (var p in os.Phdrs)
            if (phdrs is null || !phdrs.Headers.Any(h => h.Name == p))
                throw os.Position.Error($"section {os.Name} is assigned to program header '{p}', which PHDRS does not define");
    }

    /// <summary>Whether the address walk lays this section's body out itself: data (BYTE...SQUAD), a fill (=fill,
    /// FILL), SUBALIGN, or `.` assigned before an input section description move inputs or fill gaps, so their offsets
    /// depend on the walk (`. = ALIGN(16)` is absolute). Other bodies keep the output section builder's offsets.</summary>
    internal static bool NeedsBodyLayout(OutputSectionCommand c)
    {
        if (c.Fill is not null || c.SubAlign is not null) return true;
        bool dotMoved = false;
        foreach (var item in c.Body)
        {
            if (item is DataCommand or FillCommand) return true;
            if (item is AssignmentCommand { IsDot: true }) dotMoved = true;
            else if (item is InputSectionCommand && dotMoved) return true;
        }
        return false;
    }

    /// <summary>Whether /DISCARD/ takes every input section of this name (a rule for any file): the linker's own
    /// section of that name (.comment, .note.gnu.property) is then not made either.</summary>
    internal bool DiscardsAll(string sectionName)
    {
        var name = Encoding.UTF8.GetBytes(sectionName);
        foreach (var rule in _rules)
        {
            if (rule.Command.FilePattern != "*" || rule.ExcludeFiles.Length > 0) continue;
            foreach (var (glob, exclude) in rule.Sections)
                if (exclude.Length == 0 && Glob.Matches(glob, name)) return rule.Output is null;
        }
        return false;
    }

    /// <summary>The first rule matching an input section: the file's name as given (a member's own name for an archive
    /// member, with the archive's path for `archive:member` patterns) against the rule's file glob and EXCLUDE_FILE
    /// lists, then the section name against its globs. Null when no rule matches: the section is an orphan. Rules of
    /// descriptions ONLY_IF_RO/RW dropped are skipped; with <paramref name="lastRule"/>, only rules up to it are tried
    /// (ScriptConstraints).</summary>
    internal ScriptRule? Match(ReadOnlySpan<byte> fileName, ReadOnlySpan<byte> sectionName) => Match(fileName, null, sectionName);

    internal ScriptRule? Match(ReadOnlySpan<byte> fileName, byte[]? archivePath, ReadOnlySpan<byte> sectionName,
        ScriptConstraints? constraints = null, int lastRule = int.MaxValue)
    {
        foreach (var rule in _rules)
        {
            if (rule.Index > lastRule) break;
            if (constraints is not null && constraints.RuleIsOff(rule.Index)) continue;
            if (!rule.FileGlob.Matches(fileName, archivePath)) continue;
            bool excluded = false;
            foreach (var ex in rule.ExcludeFiles) excluded |= ex.Matches(fileName, archivePath);
            if (excluded) continue;
            foreach (var (glob, exclude) in rule.Sections)
            {
                if (!Glob.Matches(glob, sectionName)) continue;
                bool skip = false;
                foreach (var ex in exclude) skip |= ex.Matches(fileName, archivePath);
                if (!skip) return rule;
            }
        }
        return null;
    }
}
