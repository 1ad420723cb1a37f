// Parser for GNU ld linker scripts (-T, INCLUDE, and the libc.so-style scripts given as inputs): commands,
// SECTIONS with output and input section descriptions, MEMORY, PHDRS, VERSION (through VersionScript) and the
// expression language (ScriptParser.Expressions.cs). Produces a ScriptFile, pure syntax; every error names
// file:line:column. What the commands mean is decided by ScriptPlan (layout) and InputSet (INPUT/GROUP).
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Scripts;

internal sealed partial class ScriptParser
{
    /// <summary>INCLUDE inside INCLUDE: a cycle would otherwise recurse until the stack is gone.</summary>
    private const int MaxIncludeDepth = 16;
    /// <summary>Nested parentheses and conditionals: a hostile script must not exhaust the stack (that cannot be caught).</summary>
    private const int MaxExpressionDepth = 200;

    private readonly ScriptLexer _lexer;
    private readonly int _includeDepth;
    // The scripts being read, outermost first (full paths): an INCLUDE of one of them is a cycle.
    private readonly string[] _includeChain;
    private int _pos;
    private int _depth;

    private ScriptParser(string file, string text, int includeDepth, string[]? includeChain = null)
    {
        _lexer = new ScriptLexer(file, text);
        _includeDepth = includeDepth;
        _includeChain = includeChain ?? (file.Length > 0 ? [Path.GetFullPath(file)] : []);
    }

    public static ScriptFile Parse(string file, string text) => new(file, new ScriptParser(file, text, 0).ParseTopLevel());

    public static ScriptFile Parse(string file, ReadOnlySpan<byte> bytes) => Parse(file, Encoding.UTF8.GetString(bytes));

    public static ScriptFile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open linker script file {path}: {e.Message}", path);
        }
        return Parse(path, text);
    }

    // --- tokens ------------------------------------------------------------------------------------------

    private ScriptToken Peek(LexMode mode = LexMode.Expression) => _lexer.Lex(_pos, mode);

    private ScriptToken PeekSecond(LexMode mode = LexMode.Expression) => _lexer.Lex(Peek(mode).End, mode);

    private ScriptToken Next(LexMode mode = LexMode.Expression)
    {
        var t = _lexer.Lex(_pos, mode);
        _pos = t.End;
        return t;
    }

    private ScriptPosition Here => _lexer.PositionOf(_lexer.SkipBlank(_pos));

    private ScriptPosition At(ScriptToken t) => _lexer.PositionOf(t.Start);

    private void Expect(string text, string context)
    {
        var t = Next();
        if (!t.Is(text)) throw At(t).Error($"expected '{text}' {context}, found {Describe(t)}");
    }

    private bool Accept(string text)
    {
        if (!Peek().Is(text)) return false;
        Next();
        return true;
    }

    private static string Describe(ScriptToken t) => t.IsEnd ? "end of file" : $"'{t.Text}'";

    /// <summary>A name: a word in pattern mode (file and section names may hold any of -+/:*?[]) or a quoted string.</summary>
    private string Name(string what)
    {
        var t = Next(LexMode.Pattern);
        if (t.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String) || t.Text.Length == 0)
            throw At(t).Error($"expected {what}, found {Describe(t)}");
        return t.Text;
    }

    /// <summary>A symbol or section name in expression mode (stops at operators), or a quoted string.</summary>
    private string Symbol(string what)
    {
        var t = Next();
        if (t.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String))
            throw At(t).Error($"expected {what}, found {Describe(t)}");
        return t.Text;
    }

    private static bool IsAssignmentOperator(ScriptToken t) =>
        t.Kind == ScriptTokenKind.Operator && t.Text is "=" or "+=" or "-=" or "*=" or "/=" or "<<=" or ">>=" or "&=" or "|=" or "^=";

    /// <summary>Whether the next tokens are `name op= ...` (an assignment) rather than a section or file pattern.</summary>
    private bool AtAssignment()
    {
        var first = Peek();
        return first.Kind is ScriptTokenKind.Word or ScriptTokenKind.String && IsAssignmentOperator(PeekSecond());
    }

    // --- top level ---------------------------------------------------------------------------------------

    private List<ScriptCommand> ParseTopLevel()
    {
        var commands = new List<ScriptCommand>();
        while (true)
        {
            var t = Peek();
            if (t.IsEnd) return commands;
            if (t.Is(";")) { Next(); continue; }
            var pos = At(t);
            if (t.Kind == ScriptTokenKind.Word && ParseCommonCommand(t.Text, pos, commands)) continue;
            switch (t.Text)
            {
                case "SECTIONS":
                    Next();
                    Expect("{", "after SECTIONS");
                    commands.Add(new SectionsCommand(pos, ParseSectionsBody()));
                    break;
                case "MEMORY":
                    Next();
                    commands.Add(ParseMemory(pos));
                    break;
                case "PHDRS":
                    Next();
                    commands.Add(ParsePhdrs(pos));
                    break;
                case "INPUT" or "GROUP":
                    Next();
                    commands.Add(new InputCommand(pos, t.Text == "GROUP", ParseFileList(false, 0)));
                    break;
                case "INSERT":
                {
                    Next();
                    var where = Next();
                    if (!where.Is("AFTER") && !where.Is("BEFORE")) throw At(where).Error($"expected AFTER or BEFORE after INSERT, found {Describe(where)}");
                    commands.Add(new InsertCommand(pos, where.Text == "AFTER", Name("an output section name after INSERT " + where.Text)));
                    break;
                }
                case "VERSION":
                    Next();
                    commands.Add(ParseVersion(pos));
                    break;
                case "MEMORY_REGION_ALIAS" or "REGION_ALIAS":
                {
                    Next();
                    Expect("(", "after REGION_ALIAS");
                    string alias = Name("an alias name");
                    Expect(",", "between REGION_ALIAS's names");
                    string region = Name("a memory region name");
                    Expect(")", "after REGION_ALIAS's names");
                    commands.Add(new RegionAliasCommand(pos, alias, region));
                    break;
                }
                case "OUTPUT_FORMAT" or "OUTPUT_ARCH" or "TARGET" or "OUTPUT" or "SEARCH_DIR" or "STARTUP" or "EXTERN" or "LD_FEATURE":
                    Next();
                    commands.Add(new SettingCommand(pos, t.Text, ParseArgumentList(t.Text)));
                    break;
                case "FORCE_COMMON_ALLOCATION" or "INHIBIT_COMMON_ALLOCATION" or "FORCE_GROUP_ALLOCATION":
                    Next();
                    commands.Add(new SettingCommand(pos, t.Text, []));
                    break;
                case "NOCROSSREFS" or "NOCROSSREFS_TO":
                {
                    Next();
                    var sections = ParseArgumentList(t.Text);
                    if (t.Text == "NOCROSSREFS_TO" && sections.Count < 2) throw pos.Error("NOCROSSREFS_TO needs a target section and at least one other");
                    commands.Add(new NoCrossRefsCommand(pos, t.Text == "NOCROSSREFS_TO", sections));
                    break;
                }
                case "TARGET_FLAGS":
                    Next();
                    ParseArgumentList(t.Text);
                    commands.Add(new UnsupportedCommand(pos, t.Text));
                    break;
                default:
                    throw pos.Error(t.Kind == ScriptTokenKind.Word ? $"unknown linker script command '{t.Text}'" : $"unexpected {Describe(t)}");
            }
        }
    }

    /// <summary>Commands allowed at the top level, in SECTIONS and in an output section body: assignments, PROVIDE,
    /// HIDDEN, ASSERT, ENTRY, INCLUDE. Returns false when the word starts none of them.</summary>
    private bool ParseCommonCommand(string word, ScriptPosition pos, List<ScriptCommand> into)
    {
        switch (word)
        {
            case "PROVIDE" or "PROVIDE_HIDDEN" or "HIDDEN":
            {
                if (IsAssignmentOperator(PeekSecond())) break; // a symbol that happens to be called PROVIDE
                Next();
                Expect("(", "after " + word);
                var kind = word switch { "PROVIDE" => AssignmentKind.Provide, "PROVIDE_HIDDEN" => AssignmentKind.ProvideHidden, _ => AssignmentKind.Hidden };
                var a = ParseAssignment(kind);
                Expect(")", $"to close {word}(");
                EndStatement();
                into.Add(a);
                return true;
            }
            case "ASSERT":
            {
                if (IsAssignmentOperator(PeekSecond())) break;
                Next();
                Expect("(", "after ASSERT");
                var cond = ParseExpression();
                Expect(",", "between ASSERT's condition and message");
                var msg = Next();
                if (msg.Kind is not (ScriptTokenKind.String or ScriptTokenKind.Word)) throw At(msg).Error($"expected ASSERT's message, found {Describe(msg)}");
                Expect(")", "to close ASSERT(");
                Accept(";"); // GNU ld's grammar lets ASSERT stand without one
                into.Add(new AssertCommand(pos, cond, msg.Text));
                return true;
            }
            case "ENTRY":
            {
                if (IsAssignmentOperator(PeekSecond())) break;
                Next();
                Expect("(", "after ENTRY");
                string sym = Name("the entry symbol");
                Expect(")", "to close ENTRY(");
                into.Add(new EntryCommand(pos, sym));
                return true;
            }
            case "INCLUDE":
            {
                if (IsAssignmentOperator(PeekSecond())) break;
                Next();
                string file = Name("a file name after INCLUDE");
                into.AddRange(Include(pos, file, p => p.ParseTopLevel()));
                return true;
            }
        }
        if (AtAssignment())
        {
            into.Add(ParseAssignment(AssignmentKind.Plain));
            EndStatement();
            return true;
        }
        return false;
    }

    /// <summary>Statements end with ';'; like lld, one missing before a closing brace is forgiven.</summary>
    private void EndStatement()
    {
        if (Accept(";")) return;
        var t = Peek();
        if (t.Is("}") || t.Is(")") || t.IsEnd) return;
        throw At(t).Error($"expected ';', found {Describe(t)}");
    }

    private AssignmentCommand ParseAssignment(AssignmentKind kind)
    {
        var target = Next();
        var pos = At(target);
        if (target.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw pos.Error($"expected a symbol name, found {Describe(target)}");
        var op = Next();
        if (!IsAssignmentOperator(op)) throw At(op).Error($"expected '=' after {target.Text}, found {Describe(op)}");
        if (target.Text == "." && kind != AssignmentKind.Plain) throw pos.Error("the location counter cannot be PROVIDEd or HIDDEN");
        return new AssignmentCommand(pos, target.Text, op.Text, ParseExpression(), kind);
    }

    /// <summary>( arg [,] arg ... ) for the setting commands; arguments are names or strings.</summary>
    private List<string> ParseArgumentList(string command)
    {
        Expect("(", "after " + command);
        var args = new List<string>();
        while (true)
        {
            var t = Next(LexMode.Pattern);
            if (t.Is(")")) return args;
            if (t.Is(",")) continue;
            if (t.IsEnd) throw At(t).Error($"unterminated {command}(");
            if (t.Kind is ScriptTokenKind.Word or ScriptTokenKind.String) args.Add(t.Text);
            else throw At(t).Error($"unexpected {Describe(t)} in {command}(...)");
        }
    }

    /// <summary>INPUT/GROUP file lists: names, -lNAME, AS_NEEDED(...), separated by spaces or commas.</summary>
    private List<ScriptInputFile> ParseFileList(bool asNeeded, int depth)
    {
        if (depth > 16) throw Here.Error("file lists nested too deeply");
        Expect("(", "to open the file list");
        var files = new List<ScriptInputFile>();
        while (true)
        {
            var t = Next(LexMode.Pattern);
            if (t.Is(")")) return files;
            if (t.Is(",")) continue;
            if (t.IsEnd) throw At(t).Error("unterminated file list");
            if (t.Kind == ScriptTokenKind.Word && t.Text == "AS_NEEDED")
            {
                files.AddRange(ParseFileList(true, depth + 1));
                continue;
            }
            if (t.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw At(t).Error($"unexpected {Describe(t)} in a file list");
            files.Add(new ScriptInputFile(t.Text, asNeeded));
        }
    }

    private MemoryCommand ParseMemory(ScriptPosition pos)
    {
        Expect("{", "after MEMORY");
        var regions = new List<MemoryRegion>();
        while (!Accept("}"))
        {
            if (Accept(";")) continue;
            var nameToken = Peek();
            if (nameToken.IsEnd) throw At(nameToken).Error("unterminated MEMORY {");
            var at = At(nameToken);
            string name = Symbol("a memory region name");
            string attributes = "";
            if (Accept("("))
            {
                attributes = Name("memory region attributes");
                Expect(")", "after the region's attributes");
            }
            Expect(":", $"after memory region {name}");
            var origin = RegionField(["ORIGIN", "org", "o"], name);
            Accept(",");
            var length = RegionField(["LENGTH", "len", "l"], name);
            if (regions.Any(r => r.Name == name)) throw at.Error($"memory region '{name}' is defined twice");
            regions.Add(new MemoryRegion(at, name, attributes, origin, length));
        }
        return new MemoryCommand(pos, regions);
    }

    private ScriptExpression RegionField(string[] names, string region)
    {
        var t = Next();
        if (t.Kind != ScriptTokenKind.Word || !names.Contains(t.Text))
            throw At(t).Error($"expected {names[0]} in memory region {region}, found {Describe(t)}");
        Expect("=", "after " + t.Text);
        return ParseExpression();
    }

    private static readonly Dictionary<string, uint> SegmentTypes = new(StringComparer.Ordinal)
    {
        ["PT_NULL"] = 0, ["PT_LOAD"] = 1, ["PT_DYNAMIC"] = 2, ["PT_INTERP"] = 3, ["PT_NOTE"] = 4, ["PT_SHLIB"] = 5, ["PT_PHDR"] = 6,
        ["PT_TLS"] = 7, ["PT_GNU_EH_FRAME"] = 0x6474e550, ["PT_GNU_STACK"] = 0x6474e551, ["PT_GNU_RELRO"] = 0x6474e552,
        ["PT_GNU_PROPERTY"] = 0x6474e553,
    };

    private PhdrsCommand ParsePhdrs(ScriptPosition pos)
    {
        Expect("{", "after PHDRS");
        var headers = new List<ProgramHeaderSpec>();
        while (!Accept("}"))
        {
            if (Accept(";")) continue;
            var nameToken = Peek();
            if (nameToken.IsEnd) throw At(nameToken).Error("unterminated PHDRS {");
            var at = At(nameToken);
            string name = Symbol("a program header name");
            var typeToken = Peek();
            uint type;
            if (typeToken.Kind == ScriptTokenKind.Word && SegmentTypes.TryGetValue(typeToken.Text, out type)) Next();
            else if (typeToken.Kind == ScriptTokenKind.Number) { Next(); type = (uint)typeToken.Number; }
            else throw At(typeToken).Error($"expected a program header type (PT_LOAD, PT_NOTE...) for {name}, found {Describe(typeToken)}");
            bool fileHeader = false, phdrs = false;
            ScriptExpression? atAddr = null, flags = null;
            while (!Accept(";"))
            {
                var t = Next();
                if (t.Is("FILEHDR")) fileHeader = true;
                else if (t.Is("PHDRS")) phdrs = true;
                else if (t.Is("AT")) { Expect("(", "after AT"); atAddr = ParseExpression(); Expect(")", "to close AT("); }
                else if (t.Is("FLAGS")) { Expect("(", "after FLAGS"); flags = ParseExpression(); Expect(")", "to close FLAGS("); }
                else throw At(t).Error($"unexpected {Describe(t)} in program header {name}");
            }
            if (headers.Any(h => h.Name == name)) throw at.Error($"program header '{name}' is defined twice");
            headers.Add(new ProgramHeaderSpec(at, name, type, fileHeader, phdrs, atAddr, flags));
        }
        return new PhdrsCommand(pos, headers);
    }

    /// <summary>VERSION { nodes }: the braces' contents go to the version script parser, with as many line breaks
    /// in front as precede them here, so its messages carry this file's line numbers.</summary>
    private VersionCommand ParseVersion(ScriptPosition pos)
    {
        var open = Next();
        if (!open.Is("{")) throw At(open).Error($"expected '{{' after VERSION, found {Describe(open)}");
        string text = _lexer.Text;
        int depth = 1, i = open.End;
        for (; i < text.Length && depth > 0; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}') depth--;
        }
        if (depth > 0) throw pos.Error("unterminated VERSION {");
        int close = i - 1;
        int lines = 0;
        for (int k = 0; k < open.End; k++) if (text[k] == '\n') lines++;
        var nodes = VersionScript.Parse(_lexer.File, new string('\n', lines) + text[open.End..close]);
        _pos = i;
        return new VersionCommand(pos, nodes);
    }
}

