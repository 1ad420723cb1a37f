// ScriptParser, part two: SECTIONS. Statements (assignments, output section descriptions), an output section's
// attributes before and after its body, and the body's input section descriptions with their file and section
// globs, EXCLUDE_FILE, KEEP and SORT_*.
namespace Wild.Engine.Scripts;

internal sealed partial class ScriptParser
{
    private static readonly HashSet<string> SectionTypes = new(StringComparer.Ordinal) { "NOLOAD", "COPY", "INFO", "OVERLAY", "DSECT", "READONLY", "TYPE" };

    /// <summary>Statements up to the closing brace (consumed), or to the end of an INCLUDEd file.</summary>
    private List<ScriptCommand> ParseSectionsBody(bool included = false)
    {
        var statements = new List<ScriptCommand>();
        while (true)
        {
            var t = Peek();
            if (t.IsEnd)
            {
                if (included) return statements;
                throw At(t).Error("unterminated SECTIONS {");
            }
            if (t.Is("}") && !included) { Next(); return statements; }
            if (t.Is(";")) { Next(); continue; }
            var pos = At(t);
            if (t.Kind == ScriptTokenKind.Word && t.Text == "INCLUDE" && !IsAssignmentOperator(PeekSecond()))
            {
                Next();
                statements.AddRange(Include(pos, Name("a file name after INCLUDE"), p => p.ParseSectionsBody(included: true)));
                continue;
            }
            if (t.Kind == ScriptTokenKind.Word && ParseCommonCommand(t.Text, pos, statements)) continue;
            if (t.Is("OVERLAY") && !PeekSecond().Is("(")) { Next(); statements.AddRange(ParseOverlay(pos)); continue; }
            statements.Add(ParseOutputSection());
        }
    }

    private List<ScriptCommand> Include(ScriptPosition pos, string file, Func<ScriptParser, List<ScriptCommand>> parse)
    {
        if (_includeDepth >= MaxIncludeDepth) throw pos.Error($"INCLUDE {file}: includes nested more than {MaxIncludeDepth} deep (a cycle?)");
        // As GNU ld: the name as given (relative to the working directory), then next to the including script.
        string path = file;
        if (!File.Exists(path) && !Path.IsPathRooted(file))
        {
            string beside = Path.Combine(Path.GetDirectoryName(_lexer.File) ?? ".", file);
            if (File.Exists(beside)) path = beside;
        }
        string full = Path.GetFullPath(path);
        if (Array.IndexOf(_includeChain, full) is >= 0 and var first)
            throw pos.Error($"INCLUDE {file}: script {path} includes itself: {string.Join(" -> ", _includeChain[first..].Append(full))}");
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw pos.Error($"cannot open INCLUDE file {file}: {e.Message}");
        }
        var inner = new ScriptParser(path, text, _includeDepth + 1, [.. _includeChain, full]);
        return parse(inner);
    }

    private OutputSectionCommand ParseOutputSection()
    {
        var nameToken = Peek();
        var pos = At(nameToken);
        string name;
        if (string.CompareOrdinal(_lexer.Text, _lexer.SkipBlank(_pos), "/DISCARD/", 0, 9) == 0)
        {
            _pos = _lexer.SkipBlank(_pos) + 9;
            name = "/DISCARD/";
        }
        else if (nameToken.Kind is ScriptTokenKind.Word or ScriptTokenKind.String) name = SectionName();
        else throw pos.Error($"expected an output section name or a command, found {Describe(nameToken)}");

        ScriptExpression? address = null;
        string? type = null;
        // name [address] [(type)] :
        if (!Peek().Is(":"))
        {
            if (!AtSectionType()) address = ParseExpression();
            if (AtSectionType()) type = ParseSectionType();
        }
        var colon = Next();
        if (!colon.Is(":"))
            throw At(colon).Error($"expected ':' after output section {name}, found {Describe(colon)}" +
                                  (nameToken.Kind == ScriptTokenKind.Word && !name.StartsWith('.') ? $" (or is '{name}' an unknown command?)" : ""));
        ScriptExpression? lma = null, align = null, subAlign = null;
        string? constraint = null;
        while (true)
        {
            var t = Peek();
            if (t.Is("AT") && PeekSecond().Is("(")) { Next(); Next(); lma = ParseExpression(); Expect(")", "to close AT("); }
            else if (t.Is("ALIGN") && PeekSecond().Is("(")) { Next(); Next(); align = ParseExpression(); Expect(")", "to close ALIGN("); }
            else if (t.Is("SUBALIGN")) { Next(); Expect("(", "after SUBALIGN"); subAlign = ParseExpression(); Expect(")", "to close SUBALIGN("); }
            else if (t.Is("ONLY_IF_RO") || t.Is("ONLY_IF_RW") || t.Is("SPECIAL")) { Next(); constraint = t.Text; }
            else if (t.Is("ALIGN_WITH_INPUT")) throw At(t).Unsupported("ALIGN_WITH_INPUT");
            else break;
        }
        Expect("{", $"to open output section {name}");
        var body = ParseOutputBody(included: false);
        string? region = null, loadRegion = null;
        var phdrs = new List<string>();
        ScriptExpression? fill = null;
        string? fillHex = null;
        while (true)
        {
            var t = Peek();
            if (t.Is(">")) { Next(); region = Symbol("a memory region name after '>'"); }
            else if (t.Is("AT") && PeekSecond().Is(">")) { Next(); Next(); loadRegion = Symbol("a memory region name after AT>"); }
            else if (t.Is(":") && PeekSecond().Kind == ScriptTokenKind.Word) { Next(); phdrs.Add(Symbol("a program header name")); }
            else if (t.Is("=")) { Next(); (fill, fillHex) = ParseFill(); }
            else break;
        }
        Accept(",");
        return new OutputSectionCommand(pos, name)
        {
            Address = address, Type = type, LoadAddress = lma, Align = align, SubAlign = subAlign, Constraint = constraint,
            Body = body, Region = region, LoadRegion = loadRegion, Phdrs = phdrs, Fill = fill, FillHex = fillHex,
        };
    }

    /// <summary>`OVERLAY [addr] : [NOCROSSREFS] [AT(lma)] [SUBALIGN(n)] { name { body } [:phdr...] [=fill] ... }
    /// [>region] [AT>region] [:phdr...] [=fill]`, as GNU ld reads it: one output section description per member, the
    /// first at the overlay's address and load address, the others at the first one's address (the walk gives them
    /// the load address where the previous one's ends), each followed by GNU ld's
    /// `PROVIDE(__load_start_NAME = LOADADDR(NAME)); PROVIDE(__load_stop_NAME = LOADADDR(NAME) + SIZEOF(NAME));`
    /// (NAME without the characters that cannot be in a C name).</summary>
    private List<ScriptCommand> ParseOverlay(ScriptPosition pos)
    {
        ScriptExpression? address = Peek().Is(":") ? null : ParseExpression();
        Expect(":", "after OVERLAY's address");
        bool noCrossRefs = false;
        ScriptExpression? lma = null, subAlign = null;
        while (true)
        {
            var t = Peek();
            if (t.Is("NOCROSSREFS")) { Next(); noCrossRefs = true; }
            else if (t.Is("AT") && PeekSecond().Is("(")) { Next(); Next(); lma = ParseExpression(); Expect(")", "to close AT("); }
            else if (t.Is("SUBALIGN")) { Next(); Expect("(", "after SUBALIGN"); subAlign = ParseExpression(); Expect(")", "to close SUBALIGN("); }
            else break;
        }
        Expect("{", "to open OVERLAY");
        var members = new List<OutputSectionCommand>();
        while (!Accept("}"))
        {
            var nameToken = Peek();
            if (nameToken.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String))
                throw At(nameToken).Error($"expected a section name in OVERLAY, found {Describe(nameToken)}");
            string name = SectionName();
            Expect("{", $"to open overlay section {name}");
            var body = ParseOutputBody(included: false);
            var phdrs = new List<string>();
            ScriptExpression? fill = null;
            string? fillHex = null;
            while (true)
            {
                if (Peek().Is(":") && PeekSecond().Kind == ScriptTokenKind.Word) { Next(); phdrs.Add(Symbol("a program header name")); }
                else if (Peek().Is("=")) { Next(); (fill, fillHex) = ParseFill(); }
                else break;
            }
            Accept(",");
            members.Add(new OutputSectionCommand(At(nameToken), name) { Body = body, Phdrs = phdrs, Fill = fill, FillHex = fillHex, SubAlign = subAlign });
        }
        if (members.Count == 0) throw pos.Error("OVERLAY without sections");
        string? region = null, loadRegion = null;
        var overlayPhdrs = new List<string>();
        ScriptExpression? overlayFill = null;
        string? overlayFillHex = null;
        while (true)
        {
            var t = Peek();
            if (t.Is(">")) { Next(); region = Symbol("a memory region name after '>'"); }
            else if (t.Is("AT") && PeekSecond().Is(">")) { Next(); Next(); loadRegion = Symbol("a memory region name after AT>"); }
            else if (t.Is(":") && PeekSecond().Kind == ScriptTokenKind.Word) { Next(); overlayPhdrs.Add(Symbol("a program header name")); }
            else if (t.Is("=")) { Next(); (overlayFill, overlayFillHex) = ParseFill(); }
            else break;
        }
        Accept(",");
        var group = new OverlayCommand(pos, members.Select(m => m.Name).ToList(), noCrossRefs);
        var result = new List<ScriptCommand>();
        for (int i = 0; i < members.Count; i++)
        {
            var m = members[i];
            // The overlay's fill and program headers go to the members that name none of their own (GNU ld).
            result.Add(m with
            {
                Address = i == 0 ? address : null, LoadAddress = i == 0 ? lma : null, Region = region, LoadRegion = loadRegion,
                Phdrs = m.Phdrs.Count > 0 ? m.Phdrs : overlayPhdrs,
                Fill = m.Fill ?? overlayFill, FillHex = m.Fill is null ? overlayFillHex : m.FillHex,
                Overlay = new OverlayMember(group, i),
            });
            string clean = new(m.Name.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
            var at = m.Position;
            ScriptExpression Load() => new CallExpression(at, "LOADADDR", [new SymbolExpression(at, m.Name)]);
            result.Add(new AssignmentCommand(at, "__load_start_" + clean, "=", Load(), AssignmentKind.Provide));
            result.Add(new AssignmentCommand(at, "__load_stop_" + clean, "=",
                new BinaryExpression(at, "+", Load(), new CallExpression(at, "SIZEOF", [new SymbolExpression(at, m.Name)])), AssignmentKind.Provide));
        }
        return result;
    }

    /// <summary>The output section name at the next token (a word or a quoted string). GNU ld lexes it as a name,
    /// where '-' is a name character: `.note.gnu.build-id`.</summary>
    private string SectionName()
    {
        var nameToken = Next();
        string name = nameToken.Text;
        if (nameToken.Kind != ScriptTokenKind.Word) return name;
        int end = _pos;
        var text = _lexer.Text;
        while (end + 1 < text.Length && text[end] == '-' && ScriptLexer.IsNameChar(text[end + 1]))
            for (end++; end < text.Length && ScriptLexer.IsNameChar(text[end]); end++) { }
        if (end == _pos) return name;
        _pos = end;
        return text[nameToken.Start..end];
    }

    /// <summary>A fill expression, with its hex digits when it is a bare hex number (parentheses or an operator make
    /// it an ordinary expression, as in GNU ld).</summary>
    private (ScriptExpression Value, string? Hex) ParseFill()
    {
        var first = Peek();
        var value = ParseExpression();
        bool bare = first.Kind == ScriptTokenKind.Number && value is NumberExpression n && n.Position == At(first)
                    && first.Text.Length > 2 && first.Text[0] == '0' && first.Text[1] is 'x' or 'X' && first.Text.Skip(2).All(char.IsAsciiHexDigit);
        return (value, bare ? first.Text[2..] : null);
    }

    private bool AtSectionType() => Peek().Is("(") && PeekSecond() is { Kind: ScriptTokenKind.Word } w && SectionTypes.Contains(w.Text);

    private string ParseSectionType()
    {
        Expect("(", "before the section type");
        var t = Next();
        string type = t.Text;
        if (type == "TYPE")
        {
            Expect("=", "after TYPE");
            type = "TYPE=" + Next().Text;
        }
        else if (type == "READONLY" && Accept("("))
        {
            type = "READONLY(" + Next().Text + ")";
            Expect(")", "after the READONLY type");
        }
        Expect(")", "after the section type");
        return type;
    }

    private List<ScriptCommand> ParseOutputBody(bool included)
    {
        var body = new List<ScriptCommand>();
        while (true)
        {
            var t = Peek();
            if (t.IsEnd)
            {
                if (included) return body;
                throw At(t).Error("unterminated output section {");
            }
            if (t.Is("}") && !included) { Next(); return body; }
            if (t.Is(";")) { Next(); continue; }
            var pos = At(t);
            if (t.Kind == ScriptTokenKind.Word && !IsAssignmentOperator(PeekSecond()))
            {
                switch (t.Text)
                {
                    case "INCLUDE":
                        Next();
                        body.AddRange(Include(pos, Name("a file name after INCLUDE"), p => p.ParseOutputBody(included: true)));
                        continue;
                    case "BYTE" or "SHORT" or "LONG" or "QUAD" or "SQUAD":
                        Next();
                        Expect("(", "after " + t.Text);
                        body.Add(new DataCommand(pos, t.Text, ParseExpression()));
                        Expect(")", $"to close {t.Text}(");
                        // GNU ld's grammar needs no ';' after data (`BYTE(1) SHORT(2)` is two statements).
                        Accept(";");
                        continue;
                    case "FILL":
                        Next();
                        Expect("(", "after FILL");
                        var (value, hex) = ParseFill();
                        body.Add(new FillCommand(pos, value) { HexDigits = hex });
                        Expect(")", "to close FILL(");
                        Accept(";");
                        continue;
                    case "KEEP":
                        Next();
                        Expect("(", "after KEEP");
                        body.Add(ParseInputSection(keep: true));
                        Expect(")", "to close KEEP(");
                        continue;
                    case "CONSTRUCTORS":
                        // Only meaningful for a.out/ECOFF: GNU ld ignores it for ELF, and so do we.
                        Next();
                        continue;
                    case "SORT" when PeekSecond().Is("(") && _lexer.Lex(PeekSecond().End, LexMode.Expression).Is("CONSTRUCTORS"):
                        // SORT(CONSTRUCTORS), in GNU ld's default script: CONSTRUCTORS, sorted; ignored as well.
                        Next();
                        Next();
                        Next();
                        Expect(")", "to close SORT(CONSTRUCTORS");
                        continue;
                    case "CREATE_OBJECT_SYMBOLS" or "INPUT_SECTION_FLAGS" or "SORT_NONE_FILE":
                        throw pos.Unsupported(t.Text);
                }
                if (ParseCommonCommand(t.Text, pos, body)) continue;
            }
            else if (ParseCommonCommand(t.Text, pos, body)) continue;
            body.Add(ParseInputSection(keep: false));
        }
    }

    private static SectionSort SortOf(string word) => word switch
    {
        "SORT" or "SORT_BY_NAME" => SectionSort.Name,
        "SORT_BY_ALIGNMENT" => SectionSort.Alignment,
        "SORT_BY_INIT_PRIORITY" => SectionSort.InitPriority,
        "SORT_NONE" => SectionSort.Explicit,
        _ => SectionSort.None,
    };

    /// <summary>[EXCLUDE_FILE(files)] filepattern [( section patterns )], or SORT(filepattern)(...).</summary>
    private InputSectionCommand ParseInputSection(bool keep)
    {
        var first = Peek(LexMode.Pattern);
        var pos = At(first);
        var excludes = new List<string>();
        var fileSort = SectionSort.None;
        string filePattern;
        if (first.Is("EXCLUDE_FILE") && PeekSecond(LexMode.Pattern).Is("("))
        {
            Next(LexMode.Pattern);
            excludes.AddRange(ParsePatternList("EXCLUDE_FILE"));
            filePattern = Name("a file pattern after EXCLUDE_FILE(...)");
        }
        else if (SortOf(first.Text) != SectionSort.None && PeekSecond(LexMode.Pattern).Is("("))
        {
            // GNU ld's grammar takes SORT, SORT_BY_NAME and SORT_NONE around a file pattern; SORT_BY_ALIGNMENT and
            // SORT_BY_INIT_PRIORITY there are its syntax errors (files have no alignment or priority).
            if (SortOf(first.Text) is SectionSort.Alignment or SectionSort.InitPriority)
                throw pos.Error($"{first.Text} sorts sections, not files: only SORT, SORT_BY_NAME and SORT_NONE may wrap a file pattern (GNU ld: syntax error)");
            Next(LexMode.Pattern);
            Next(LexMode.Pattern);
            // SORT_NONE(file) keeps the input order, as GNU ld does.
            fileSort = SortOf(first.Text) == SectionSort.Explicit ? SectionSort.None : SortOf(first.Text);
            filePattern = Name("a file pattern in " + first.Text);
            Expect(")", $"to close {first.Text}(");
        }
        else filePattern = Name("an input section description");
        if (!Peek(LexMode.Pattern).Is("("))
            // A file name alone: every section of that file.
            return new InputSectionCommand(pos, filePattern, excludes, [new SectionPattern("*", [], SectionSort.None)], keep, fileSort);
        Next(LexMode.Pattern);
        var sections = new List<SectionPattern>();
        while (true)
        {
            var t = Peek(LexMode.Pattern);
            if (t.Is(")")) { Next(LexMode.Pattern); break; }
            if (t.Is(",")) { Next(LexMode.Pattern); continue; }
            if (t.IsEnd) throw At(t).Error("unterminated input section list");
            ParseSectionPatterns(sections, SectionSort.None, 0);
        }
        if (sections.Count == 0) throw pos.Error($"no section patterns in {filePattern}()");
        return new InputSectionCommand(pos, filePattern, excludes, sections, keep, fileSort);
    }

    /// <summary>One item of a section list: a glob, EXCLUDE_FILE(files) glob..., or SORT_*( items ) nested once.</summary>
    private void ParseSectionPatterns(List<SectionPattern> into, SectionSort sort, int depth)
    {
        var t = Next(LexMode.Pattern);
        if (t.Kind != ScriptTokenKind.Word && t.Kind != ScriptTokenKind.String) throw At(t).Error($"unexpected {Describe(t)} in a section list");
        if (t.Text == "EXCLUDE_FILE" && Peek(LexMode.Pattern).Is("("))
        {
            var excluded = ParsePatternList("EXCLUDE_FILE");
            // EXCLUDE_FILE applies to the section pattern that follows it.
            var glob = Next(LexMode.Pattern);
            if (glob.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw At(glob).Error($"expected a section pattern after EXCLUDE_FILE(...), found {Describe(glob)}");
            into.Add(new SectionPattern(glob.Text, excluded, sort));
            return;
        }
        var nested = SortOf(t.Text);
        if (nested != SectionSort.None && Peek(LexMode.Pattern).Is("("))
        {
            if (depth >= 2) throw At(t).Error($"{t.Text} nested more than twice");
            Next(LexMode.Pattern);
            var combined = (sort, nested) switch
            {
                (SectionSort.None, _) => nested,
                (SectionSort.Name, SectionSort.Alignment) => SectionSort.NameThenAlignment,
                (SectionSort.Alignment, SectionSort.Name) => SectionSort.AlignmentThenName,
                _ => sort,
            };
            while (!Peek(LexMode.Pattern).Is(")"))
            {
                if (Peek(LexMode.Pattern).Is(",")) { Next(LexMode.Pattern); continue; }
                if (Peek(LexMode.Pattern).IsEnd) throw At(t).Error($"unterminated {t.Text}(");
                ParseSectionPatterns(into, combined, depth + 1);
            }
            Next(LexMode.Pattern);
            return;
        }
        if (t.Text is "INPUT_SECTION_FLAGS") throw At(t).Unsupported("INPUT_SECTION_FLAGS");
        into.Add(new SectionPattern(t.Text, [], sort));
    }

    private List<string> ParsePatternList(string context)
    {
        Expect("(", "after " + context);
        var list = new List<string>();
        while (true)
        {
            var t = Next(LexMode.Pattern);
            if (t.Is(")")) return list;
            if (t.Is(",")) continue;
            if (t.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw At(t).Error($"unexpected {Describe(t)} in {context}(");
            list.Add(t.Text);
        }
    }
}
