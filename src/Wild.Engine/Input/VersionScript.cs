// Reads GNU ld version scripts (--version-script) and dynamic lists (--dynamic-list,
// --export-dynamic-symbol-list) into version nodes of symbol patterns. Deciding which symbol each pattern
// claims, and what that means for export and binding, is ExportPolicy's job.
using System.Text;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

/// <summary>
/// One symbol pattern: an exact name, or a glob with <c>*</c>, <c>?</c> and <c>[...]</c>. A pattern from an
/// <c>extern "C++"</c> block (IsCpp) is matched against the demangled name instead of the symbol's own.
/// </summary>
public sealed record SymbolPattern(string Text, bool IsGlob, bool IsCpp = false)
{
    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(Text);

    /// <summary>A lone <c>*</c>: matches everything and loses to every other pattern.</summary>
    public bool IsCatchAll => IsGlob && Text == "*";

    public static SymbolPattern Parse(string text, bool quoted, bool cpp = false) =>
        new(text, !quoted && text.AsSpan().IndexOfAny("*?[") >= 0, cpp);

    /// <summary>Matches a symbol name (for C++ patterns, its demangled form; null when it has none, and then the name
    /// itself, as GNU ld and lld match a C name such as <c>main</c> inside <c>extern "C++"</c>).</summary>
    public bool Matches(ReadOnlySpan<byte> name, string? demangled = null)
    {
        if (!IsCpp || demangled is null) return MatchesText(name);
        Span<byte> buffer = demangled.Length <= 512 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(demangled.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(demangled.Length)];
        int n = Encoding.UTF8.GetBytes(demangled, buffer);
        return MatchesText(buffer[..n]);
    }

    private bool MatchesText(ReadOnlySpan<byte> text) => IsGlob ? Glob.Matches(_utf8, text) : text.SequenceEqual(_utf8);
}

/// <summary>A version node: <c>NAME { global: ...; local: ...; } PARENTS;</c> (Name is null when anonymous), read
/// from Source (the script's path; null for a node the linker makes).</summary>
public sealed record VersionNode(string? Name, IReadOnlyList<SymbolPattern> Global, IReadOnlyList<SymbolPattern> Local,
    IReadOnlyList<string> Parents, string? Source = null);

internal static class VersionScript
{
    private const int MaxTokens = 1_000_000;

    /// <summary>Parses a version script: anonymous <c>{ ... };</c> or a sequence of named nodes.</summary>
    public static IReadOnlyList<VersionNode> Parse(string path, string text)
    {
        var t = new Tokens(path, text);
        var nodes = new List<VersionNode>();
        // A script given to ld as a plain input may wrap the nodes in VERSION { ... }.
        bool wrapped = t.Peek() == "VERSION";
        if (wrapped) { t.Next(); t.Expect("{"); }
        while (!t.AtEnd && !(wrapped && t.Peek() == "}"))
        {
            string? name = null;
            if (t.Peek() != "{") name = t.Word("a version name");
            t.Expect("{");
            var (global, local) = ReadBody(t, allowScopes: true);
            var parents = new List<string>();
            while (t.Peek() != ";") parents.Add(t.Word("a parent version name or ';'"));
            t.Expect(";");
            if ((name is null && (nodes.Count > 0 || parents.Count > 0)) || (name is not null && nodes.Any(n => n.Name is null)))
                throw t.Error("an anonymous version node must be the only node in the script");
            if (name is not null && nodes.Any(n => n.Name == name))
                throw t.Error($"version '{name}' is defined twice");
            foreach (string p in parents)
                if (!nodes.Any(n => n.Name == p))
                    throw t.Error($"version '{name}' depends on '{p}', which is not defined before it");
            nodes.Add(new VersionNode(name, global, local, parents, path));
        }
        if (wrapped) { t.Expect("}"); if (t.Peek() == ";") t.Next(); }
        if (!t.AtEnd) throw t.Error($"unexpected '{t.Peek()}' after the version nodes");
        return nodes;
    }

    /// <summary>Parses a dynamic list: <c>{ sym; pattern*; };</c>.</summary>
    public static IReadOnlyList<SymbolPattern> ParseDynamicList(string path, string text)
    {
        var t = new Tokens(path, text);
        var all = new List<SymbolPattern>();
        while (!t.AtEnd)
        {
            t.Expect("{");
            var (global, _) = ReadBody(t, allowScopes: false);
            t.Expect(";");
            all.AddRange(global);
        }
        return all;
    }

    /// <summary>Every version node of a link, in GNU ld's order: the --version-script files, a -T script's VERSION, then
    /// those of scripts given as inputs.</summary>
    public static List<VersionNode> LoadAll(LinkOptions o)
    {
        var nodes = new List<VersionNode>();
        nodes.AddRange(o.VersionScriptNodes);
        if (o.LinkerScript is { } script) nodes.AddRange(script.VersionNodes);
        nodes.AddRange(o.InputScriptVersionNodes);
        RefuseGlobalAndLocal(nodes);
        return nodes;
    }

    /// <summary>
    /// GNU ld refuses a pattern that one node makes global and another local ("duplicate expression in version
    /// information"): the same text, quoted or not alike, in the same language. The same pattern global in two
    /// nodes, or global and local in one node, is accepted (the first node, or the global side, wins).
    /// </summary>
    private static void RefuseGlobalAndLocal(List<VersionNode> nodes)
    {
        if (nodes.Count < 2) return;
        // Keyed by what the pattern says, not by the record (whose equality would compare its byte buffer).
        var global = new Dictionary<(string, bool, bool), VersionNode>();
        var local = new Dictionary<(string, bool, bool), VersionNode>();
        foreach (var node in nodes)
        {
            foreach (var p in node.Global)
                if (local.TryGetValue((p.Text, p.IsGlob, p.IsCpp), out var other)) throw Duplicate(p, node, other, local: other);
            foreach (var p in node.Local)
                if (global.TryGetValue((p.Text, p.IsGlob, p.IsCpp), out var other)) throw Duplicate(p, node, other, local: node);
            foreach (var p in node.Global) global.TryAdd((p.Text, p.IsGlob, p.IsCpp), node);
            foreach (var p in node.Local) local.TryAdd((p.Text, p.IsGlob, p.IsCpp), node);
        }

        static LinkException Duplicate(SymbolPattern p, VersionNode node, VersionNode other, VersionNode local)
        {
            var global = ReferenceEquals(local, node) ? other : node;
            string source = node.Source ?? other.Source ?? "version script";
            return new LinkException(ErrorId.MalformedLinkerScript,
                $"{source}: duplicate expression '{(p.IsCpp ? $"extern \"C++\" {p.Text}" : p.Text)}' in version information: " +
                $"version '{Label(global)}' makes it global and '{Label(local)}' local", source);
        }

        static string Label(VersionNode n) => n.Name ?? "{ }";
    }

    public static IReadOnlyList<VersionNode> Load(string path) => Parse(path, ReadText(path, "version script"));

    public static IReadOnlyList<SymbolPattern> LoadDynamicList(string path) => ParseDynamicList(path, ReadText(path, "dynamic list"));

    private static string ReadText(string path, string what)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot read {what} {path}: {e.Message}", path);
        }
    }

    /// <summary>Reads up to and including the closing brace.</summary>
    private static (List<SymbolPattern> Global, List<SymbolPattern> Local) ReadBody(Tokens t, bool allowScopes)
    {
        var global = new List<SymbolPattern>();
        var local = new List<SymbolPattern>();
        var current = global;
        while (true)
        {
            if (t.AtEnd) throw t.Error("missing '}'");
            if (t.Peek() == "}") { t.Next(); return (global, local); }
            bool quoted = t.PeekQuoted;
            string word = t.Next();
            if (!quoted && allowScopes && (word is "global" or "local") && t.Peek() == ":")
            {
                t.Next();
                current = word == "global" ? global : local;
                continue;
            }
            if (!quoted && word == "extern")
            {
                ReadLanguageBlock(t, current);
                continue;
            }
            current.Add(SymbolPattern.Parse(word, quoted));
            t.Expect(";");
        }
    }

    /// <summary><c>extern "C++" { ... };</c> (demangled patterns) or <c>extern "C" { ... };</c> (plain ones).</summary>
    private static void ReadLanguageBlock(Tokens t, List<SymbolPattern> into)
    {
        string language = t.Word("a language name");
        bool cpp = language == "C++";
        if (!cpp && language != "C")
            throw t.Error($"extern \"{language}\" is not a language version scripts support (use \"C\" or \"C++\")");
        t.Expect("{");
        while (t.Peek() != "}")
        {
            if (t.AtEnd) throw t.Error("missing '}'");
            bool quoted = t.PeekQuoted;
            into.Add(SymbolPattern.Parse(t.Word("a pattern"), quoted, cpp));
            // The last pattern of a block may omit its ';'.
            if (t.Peek() == ";") t.Next();
        }
        t.Expect("}");
        if (t.Peek() == ";") t.Next();
    }

    /// <summary>Tokens: words, quoted strings and the punctuation { } ; : — with # and /* */ comments.</summary>
    private sealed class Tokens
    {
        private readonly string _path;
        private readonly List<(string Text, bool Quoted, int Line)> _list = [];
        private int _at;

        public Tokens(string path, string text)
        {
            _path = path;
            int line = 1;
            for (int i = 0; i < text.Length;)
            {
                char c = text[i];
                if (c == '\n') { line++; i++; continue; }
                if (char.IsWhiteSpace(c)) { i++; continue; }
                if (c == '#') { while (i < text.Length && text[i] != '\n') i++; continue; }
                if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
                {
                    int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    if (end < 0) throw new LinkException(ErrorId.MalformedLinkerScript, $"{path}:{line}: unterminated comment", path);
                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end + 2;
                    continue;
                }
                if (c is '{' or '}' or ';' or ':') { Add(c.ToString(), false, line); i++; continue; }
                if (c == '"')
                {
                    int end = text.IndexOf('"', i + 1);
                    if (end < 0) throw new LinkException(ErrorId.MalformedLinkerScript, $"{path}:{line}: unterminated string", path);
                    Add(text[(i + 1)..end], true, line);
                    i = end + 1;
                    continue;
                }
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';' or '"')
                       && !(text[i] == ':' && !(i + 1 < text.Length && text[i + 1] == ':') && !(i > start && text[i - 1] == ':')))
                    i++;
                Add(text[start..i], false, line);
            }
        }

        private void Add(string text, bool quoted, int line)
        {
            if (_list.Count >= MaxTokens) throw new LinkException(ErrorId.MalformedLinkerScript, $"{_path}: too many tokens", _path);
            _list.Add((text, quoted, line));
        }

        public bool AtEnd => _at >= _list.Count;
        public string? Peek() => AtEnd ? null : _list[_at].Text;
        public bool PeekQuoted => !AtEnd && _list[_at].Quoted;

        public string Next()
        {
            if (AtEnd) throw Error("unexpected end of file");
            return _list[_at++].Text;
        }

        public void Expect(string what)
        {
            if (AtEnd || _list[_at].Quoted || _list[_at].Text != what)
                throw Error($"expected '{what}' but found {(AtEnd ? "the end of the file" : $"'{_list[_at].Text}'")}");
            _at++;
        }

        public string Word(string what)
        {
            if (AtEnd || (!_list[_at].Quoted && _list[_at].Text is "{" or "}" or ";" or ":"))
                throw Error($"expected {what} but found {(AtEnd ? "the end of the file" : $"'{_list[_at].Text}'")}");
            return _list[_at++].Text;
        }

        public LinkException Error(string why)
        {
            int line = _list.Count == 0 ? 1 : _list[Math.Min(_at, _list.Count - 1)].Line;
            return new LinkException(ErrorId.MalformedLinkerScript, $"{_path}:{line}: {why}", _path);
        }
    }
}

/// <summary>Shell-style glob matching over UTF-8 bytes, iterative (no backtracking blow-up).</summary>
internal static class Glob
{
    public static bool Matches(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == (byte)'*') { starP = p++; starN = n; continue; }
            if (p < pattern.Length && MatchOne(pattern, ref p, name[n])) { n++; continue; }
            if (starP < 0) return false;
            p = starP + 1;
            n = ++starN;
        }
        while (p < pattern.Length && pattern[p] == (byte)'*') p++;
        return p == pattern.Length;
    }

    /// <summary>Matches one name byte against <c>?</c>, <c>[set]</c> or a literal, advancing past it on success.</summary>
    private static bool MatchOne(ReadOnlySpan<byte> pattern, ref int p, byte c)
    {
        byte pc = pattern[p];
        if (pc == (byte)'?') { p++; return true; }
        if (pc == (byte)'[')
        {
            int close = pattern[(p + 1)..].IndexOf((byte)']');
            if (close > 0 || (close == 0 && pattern[(p + 2)..].IndexOf((byte)']') >= 0))
            {
                if (close == 0) close = 1 + pattern[(p + 2)..].IndexOf((byte)']'); // "[]...]" holds a literal ']'
                var set = pattern.Slice(p + 1, close);
                bool negate = set.Length > 0 && (set[0] == (byte)'!' || set[0] == (byte)'^');
                if (negate) set = set[1..];
                bool hit = false;
                for (int i = 0; i < set.Length; i++)
                {
                    if (i + 2 < set.Length && set[i + 1] == (byte)'-') { hit |= c >= set[i] && c <= set[i + 2]; i += 2; }
                    else hit |= c == set[i];
                }
                if (hit == negate) return false;
                p += close + 2;
                return true;
            }
        }
        if (pc != c) return false;
        p++;
        return true;
    }
}
