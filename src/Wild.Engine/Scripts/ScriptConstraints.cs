// ONLY_IF_RO / ONLY_IF_RW, decided once per link before sections are classified, as GNU ld decides them: in script
// order, an output section description with a constraint looks at the input sections its rules match that no
// earlier (live) description took; ONLY_IF_RO stays only if none of them is writable (SHF_WRITE), ONLY_IF_RW only
// if one is. A description that fails is as if the script did not have it: its rules match nothing, and the walk
// (ScriptAddressAssigner) skips it. Which input sections take part is the classifier's (SectionClassifier).
namespace Wild.Engine.Scripts;

internal sealed class ScriptConstraints
{
    private readonly bool[] _ruleOff;
    private readonly HashSet<OutputSectionCommand> _inactive;

    private ScriptConstraints(bool[] ruleOff, HashSet<OutputSectionCommand> inactive)
    {
        _ruleOff = ruleOff;
        _inactive = inactive;
    }

    /// <summary>Whether the script has a constraint at all (otherwise no input needs looking at).</summary>
    public static bool Needed(ScriptPlan plan) => plan.Statements.Any(s => s is OutputSectionCommand { Constraint: "ONLY_IF_RO" or "ONLY_IF_RW" });

    /// <summary>Whether a rule's output section description was dropped by its constraint.</summary>
    public bool RuleIsOff(int rule) => _ruleOff[rule];

    /// <summary>Whether an output section description is dropped (the walk skips it).</summary>
    public bool IsInactive(OutputSectionCommand c) => _inactive.Contains(c);

    /// <summary>Decides every constraint from the input sections that can reach the output: file name as script
    /// patterns see it (and its archive's path), section name, and whether the section is writable.</summary>
    public static ScriptConstraints Resolve(ScriptPlan plan, IReadOnlyList<(byte[] File, byte[]? Archive, byte[] Section, bool Writable)> inputs)
    {
        var ruleOff = new bool[plan.Rules.Count];
        var inactive = new HashSet<OutputSectionCommand>();
        var rulesOf = new Dictionary<OutputSectionCommand, List<ScriptRule>>();
        foreach (var st in plan.Statements)
            if (st is OutputSectionCommand c)
                rulesOf[c] = plan.Rules.Where(r => c.Body.Any(b => ReferenceEquals(b, r.Command))).ToList();
        var off = new ScriptConstraints(ruleOff, inactive);
        foreach (var st in plan.Statements)
        {
            if (st is not OutputSectionCommand { Constraint: { } constraint } c || constraint == "SPECIAL") continue;
            if (constraint is not ("ONLY_IF_RO" or "ONLY_IF_RW")) throw c.Position.Unsupported(constraint);
            var own = rulesOf[c];
            if (own.Count == 0)
            {
                // Nothing to look at: GNU ld's "all inputs read-only" holds, so ONLY_IF_RO stays (and is dropped as empty).
                if (constraint == "ONLY_IF_RW") Disable(c, own);
                continue;
            }
            bool allReadOnly = true;
            int last = own.Max(r => r.Index);
            foreach (var (file, archive, section, writable) in inputs)
            {
                if (!writable) continue;
                // Taken by this description: its first live matching rule up to this one's last is this one's.
                if (plan.Match(file, archive, section, off, last) is { } rule && own.Contains(rule)) { allReadOnly = false; break; }
            }
            if (allReadOnly != (constraint == "ONLY_IF_RO")) Disable(c, own);
        }
        // Two descriptions of one name that both stay (a constraint next to one without) would make two output
        // sections of that name, which the layout does not do.
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var st in plan.Statements)
            if (st is OutputSectionCommand { IsDiscard: false } c && !inactive.Contains(c) && !live.Add(c.Name))
                throw c.Position.Unsupported($"a second output section called {c.Name}");
        return off;

        void Disable(OutputSectionCommand c, List<ScriptRule> own)
        {
            inactive.Add(c);
            foreach (var r in own) ruleOff[r.Index] = true;
        }
    }
}
