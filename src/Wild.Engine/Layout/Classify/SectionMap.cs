// The result of "Classify sections": every input section of every loaded object, by a flat index (a slice per
// object), with the output section name it goes to (null: it does not reach the output), the RELA section that
// relocates it, its parsed .eh_frame records and which FDEs cover it, and the .note.gnu.property notes to
// merge. Which sections survive is decided by the next phase (LiveSections); where they go, by the ones after.
using Wild.Engine.Resolution;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class SectionMap
{
    private readonly int[] _fileSectionBase;
    private readonly string?[] _outputNames;
    private readonly int[] _relaOf;
    private readonly int[] _fdeHead;

    internal SectionMap(int[] fileSectionBase, string?[] outputNames, int[] relaOf, bool[]? liveWithoutGc,
        EhFrameSection[] ehFrames, Dictionary<long, EhFrameSection> ehFrameBySection, int[] fdeHead, FdeLink[] fdes,
        byte[][] propertyNotes, bool executableStack, int[]? scriptRuleOf = null)
    {
        ScriptRuleOf = scriptRuleOf;
        ExecutableStack = executableStack;
        _fileSectionBase = fileSectionBase;
        _outputNames = outputNames;
        _relaOf = relaOf;
        LiveWithoutGc = liveWithoutGc;
        EhFrames = ehFrames;
        EhFrameBySection = ehFrameBySection;
        _fdeHead = fdeHead;
        Fdes = fdes;
        PropertyNotes = propertyNotes;
    }

    /// <summary>One FDE's relocations and the next FDE covering the same function section (-1: none).</summary>
    internal readonly record struct FdeLink(FileId File, int Rela, int FirstReloc, int EndReloc, int Next);

    /// <summary>Number of flat section slots: every section of every loaded object.</summary>
    public int Count => _outputNames.Length;

    /// <summary>The first flat index of file <paramref name="file"/>'s sections.</summary>
    public int[] FileSectionBase => _fileSectionBase;

    public SectionId Flat(FileId file, int section) => new(_fileSectionBase[file] + section);

    /// <summary>The output section an input section goes to, if it reaches the output at all.</summary>
    public string? OutputName(SectionId flat) => _outputNames[flat];

    /// <summary>The RELA section relocating an input section; 0 if none.</summary>
    public int RelaOf(SectionId flat) => _relaOf[flat];

    /// <summary>Without --gc-sections, which sections are live (every one with an output name), marked while
    /// classifying in parallel; null with --gc-sections, where liveness is the next phase's walk.</summary>
    public bool[]? LiveWithoutGc { get; }

    /// <summary>With a -T script, the index of the script rule that placed each section (-1: an orphan); null without.</summary>
    public int[]? ScriptRuleOf { get; }

    /// <summary>With a -T script using ONLY_IF_RO/ONLY_IF_RW, which descriptions those dropped; null without.</summary>
    public Scripts.ScriptConstraints? ScriptConstraints { get; init; }

    /// <summary>Every input .eh_frame, in input order.</summary>
    public EhFrameSection[] EhFrames { get; }

    /// <summary>The .eh_frame of an input section, by flat index.</summary>
    public Dictionary<long, EhFrameSection> EhFrameBySection { get; }

    /// <summary>FDEs chained per function section they cover (built only for --gc-sections).</summary>
    public FdeLink[] Fdes { get; }

    /// <summary>The first FDE covering a flat section (-1: none); only with --gc-sections.</summary>
    public int FirstFde(SectionId flat) => _fdeHead.Length == 0 ? -1 : _fdeHead[flat];

    /// <summary>One entry per relocatable object that takes part in the property merge (it has a
    /// .note.gnu.property or code), in input order: its property notes, concatenated (empty when it has none).</summary>
    public byte[][] PropertyNotes { get; }

    /// <summary>The file of each entry of <see cref="PropertyNotes"/> (for the warnings of AArch64's -z force-bti).</summary>
    public int[] PropertyNoteFiles { get; init; } = [];

    /// <summary>PT_GNU_STACK is executable: -z execstack, or (without -z noexecstack) an input needs it.</summary>
    public bool ExecutableStack { get; }

    /// <summary>An input section no script rule names (--orphan-handling other than place): where it goes (its own
    /// name under a -T script, else the default layout's output section), and whether wild drops or merges it anyway
    /// (.note.gnu.property, .comment), so that --gc-sections cannot hide it.</summary>
    public readonly record struct Orphan(FileId File, int Section, string PlacedIn, bool NotPlaced);

    /// <summary>The orphans in input order, each file's in section order; empty with --orphan-handling=place.</summary>
    public Orphan[] Orphans { get; init; } = [];

    /// <summary>The output has a PT_GNU_STACK in GNU ld's automatic program headers: -z execstack or -z noexecstack
    /// given, an input with a .note.GNU-stack section, or -z stack-size (hand-written assembly alone gets none).</summary>
    public bool StackHeader { get; init; } = true;

    /// <summary>The input section a relocation's symbol lives in: (file, section), section 0 if none (undefined,
    /// linker-defined, or defined at run time by a shared object: nothing to keep).</summary>
    public static (FileId File, int Section) TargetSection(SymbolResolution res, FileId f, int symbolIndex)
    {
        var obj = res.Objects[f];
        if (symbolIndex >= obj.SymbolCount)
            throw obj.Malformed($"relocation references symbol index {symbolIndex} beyond the symbol table");
        if (symbolIndex < obj.FirstGlobal)
            return (f, obj.SymbolSection(symbolIndex));
        var def = res.Resolve(f, symbolIndex);
        if (def.IsNone || res.IsSynthetic(def)) return (f, 0);
        var df = res.Db.FileOf(def);
        if (res.Objects[df].IsShared) return (f, 0);
        return (df, res.Objects[df].SymbolSection(def.Value - res.Db.FirstSymbol(df)));
    }
}
