// The commands of a GNU ld linker script as ScriptParser reads them: top-level commands (ENTRY, MEMORY, PHDRS,
// SECTIONS, INSERT, VERSION...), the statements of SECTIONS (assignments, output section descriptions) and of an
// output section's body (input section descriptions, assignments, data). Pure syntax: what each means to the
// layout is ScriptPlan's and the layout phases' business.
using Wild.Engine.Input;

namespace Wild.Engine.Scripts;

public abstract record ScriptCommand(ScriptPosition Position);

/// <summary>How an assignment defines its symbol: plainly, PROVIDE (only if referenced and not defined),
/// PROVIDE_HIDDEN, or HIDDEN (always, with hidden visibility).</summary>
public enum AssignmentKind { Plain, Provide, ProvideHidden, Hidden }

/// <summary>`sym = expr;`, `. = expr;`, `sym += expr;` (Operator is "=", "+=", "-=", "*=", "/=", "<<=", ">>=", "&amp;=", "|=", "^=").</summary>
public sealed record AssignmentCommand(ScriptPosition Position, string Target, string Operator, ScriptExpression Value,
    AssignmentKind Kind) : ScriptCommand(Position)
{
    public bool IsDot => Target == ".";
}

internal sealed record EntryCommand(ScriptPosition Position, string Symbol) : ScriptCommand(Position);

internal sealed record AssertCommand(ScriptPosition Position, ScriptExpression Condition, string Message) : ScriptCommand(Position);

/// <summary>OUTPUT_FORMAT, OUTPUT_ARCH, TARGET, OUTPUT, SEARCH_DIR, STARTUP, EXTERN, FORCE_COMMON_ALLOCATION... with their
/// (unparsed) arguments: commands whose meaning is a setting, not layout.</summary>
internal sealed record SettingCommand(ScriptPosition Position, string Name, IReadOnlyList<string> Arguments) : ScriptCommand(Position);

/// <summary>INPUT(...) or GROUP(...): files and -l names; AS_NEEDED ones flagged.</summary>
public sealed record InputCommand(ScriptPosition Position, bool IsGroup, IReadOnlyList<ScriptInputFile> Files) : ScriptCommand(Position);

public sealed record ScriptInputFile(string Name, bool AsNeeded);

public sealed record MemoryRegion(ScriptPosition Position, string Name, string Attributes, ScriptExpression Origin, ScriptExpression Length);

internal sealed record MemoryCommand(ScriptPosition Position, IReadOnlyList<MemoryRegion> Regions) : ScriptCommand(Position);

/// <summary>One PHDRS entry: `name TYPE [FILEHDR] [PHDRS] [AT(addr)] [FLAGS(flags)];`.</summary>
public sealed record ProgramHeaderSpec(ScriptPosition Position, string Name, uint Type, bool FileHeader, bool ProgramHeaders,
    ScriptExpression? At, ScriptExpression? Flags);

public sealed record PhdrsCommand(ScriptPosition Position, IReadOnlyList<ProgramHeaderSpec> Headers) : ScriptCommand(Position);

public sealed record SectionsCommand(ScriptPosition Position, IReadOnlyList<ScriptCommand> Statements) : ScriptCommand(Position);

/// <summary>INSERT AFTER|BEFORE section: this script's SECTIONS augment the default layout instead of replacing it.</summary>
public sealed record InsertCommand(ScriptPosition Position, bool After, string Section) : ScriptCommand(Position);

internal sealed record VersionCommand(ScriptPosition Position, IReadOnlyList<VersionNode> Nodes) : ScriptCommand(Position);

/// <summary>REGION_ALIAS(alias, region).</summary>
internal sealed record RegionAliasCommand(ScriptPosition Position, string Alias, string Region) : ScriptCommand(Position);

/// <summary>NOCROSSREFS(a b ...): no references between any two of the output sections; NOCROSSREFS_TO(t a b ...)
/// (<see cref="To"/>): none to the first from the others.</summary>
internal sealed record NoCrossRefsCommand(ScriptPosition Position, bool To, IReadOnlyList<string> Sections) : ScriptCommand(Position);

/// <summary>A command wild parses and refuses by name (TARGET_FLAGS).</summary>
internal sealed record UnsupportedCommand(ScriptPosition Position, string Name) : ScriptCommand(Position);

/// <summary>An output section description:
/// `name [addr] [(type)] : [AT(lma)] [ALIGN(a)] [SUBALIGN(a)] [constraint] { body } [>region] [AT>region] [:phdr...] [=fill]`.</summary>
internal sealed record OutputSectionCommand(ScriptPosition Position, string Name) : ScriptCommand(Position)
{
    public ScriptExpression? Address { get; init; }
    /// <summary>NOLOAD, COPY, INFO, OVERLAY, DSECT, READONLY or TYPE=...; null for the default.</summary>
    public string? Type { get; init; }
    public ScriptExpression? LoadAddress { get; init; }
    public ScriptExpression? Align { get; init; }
    public ScriptExpression? SubAlign { get; init; }
    /// <summary>ONLY_IF_RO / ONLY_IF_RW, or null.</summary>
    public string? Constraint { get; init; }
    public IReadOnlyList<ScriptCommand> Body { get; init; } = [];
    public string? Region { get; init; }
    public string? LoadRegion { get; init; }
    public IReadOnlyList<string> Phdrs { get; init; } = [];
    public ScriptExpression? Fill { get; init; }
    /// <summary>The hex digits of `=0x...` when the fill is a bare hex number (see <see cref="FillCommand.HexDigits"/>).</summary>
    public string? FillHex { get; init; }
    public bool IsDiscard => Name == "/DISCARD/";
    /// <summary>Set for the sections of an OVERLAY: which overlay, and this section's place in it.</summary>
    public OverlayMember? Overlay { get; init; }
}

/// <summary>An OVERLAY statement as a whole: its sections share one run address (the first one's), their load
/// addresses follow one another, and `.` ends past the largest. NOCROSSREFS forbids references between them.</summary>
public sealed record OverlayCommand(ScriptPosition Position, IReadOnlyList<string> Sections, bool NoCrossRefs);

/// <summary>Section <see cref="Index"/> of <see cref="Group"/>.</summary>
public sealed record OverlayMember(OverlayCommand Group, int Index)
{
    public bool IsFirst => Index == 0;
    public bool IsLast => Index == Group.Sections.Count - 1;
}

/// <summary>How an input section description sorts what it matches.</summary>
internal enum SectionSort { None, Name, Alignment, InitPriority, NameThenAlignment, AlignmentThenName, Explicit }

/// <summary>One section pattern with the files it excludes (EXCLUDE_FILE inside the list) and its sort.</summary>
internal sealed record SectionPattern(string Glob, IReadOnlyList<string> ExcludeFiles, SectionSort Sort);

/// <summary>`[KEEP(] filepattern(sectionpatterns) [)]`; FilePattern "*" for any file; FileSort for SORT(filepattern).</summary>
internal sealed record InputSectionCommand(ScriptPosition Position, string FilePattern, IReadOnlyList<string> ExcludeFiles,
    IReadOnlyList<SectionPattern> Sections, bool Keep, SectionSort FileSort) : ScriptCommand(Position);

/// <summary>BYTE, SHORT, LONG, QUAD, SQUAD: bytes put into the output section.</summary>
internal sealed record DataCommand(ScriptPosition Position, string Kind, ScriptExpression Value) : ScriptCommand(Position)
{
    public int Size => Kind switch { "BYTE" => 1, "SHORT" => 2, "LONG" => 4, _ => 8 };
}

/// <summary>FILL(expr) inside an output section.</summary>
internal sealed record FillCommand(ScriptPosition Position, ScriptExpression Value) : ScriptCommand(Position)
{
    /// <summary>GNU ld takes a bare hex number's digits as the pattern, leading zeros included (0x0090 is two bytes);
    /// null for any other expression, whose value's four low bytes are the pattern. Either way big-endian.</summary>
    public string? HexDigits { get; init; }
}
