// Demangles Rust symbol names in both manglings rustc emits: legacy (`_ZN...17h<hash>E`, Itanium-shaped with
// `$LT$`-style escapes and a hash segment) and v0 (`_R...`, RFC 2603). Output follows rustc-demangle's
// alternate form: paths joined with `::`, the legacy hash and v0 disambiguators left out, closures as
// `{closure#N}`. Anything malformed, or past the work bounds, yields false and the caller keeps the raw name.
// C++ names are Symbols/Demangler's; SymbolDemangler picks between the two.
using System.Globalization;
using System.Text;

namespace Wild.Engine.Inspection;

internal static class RustDemangler
{
    private const int MaxDepth = 256;
    private const int MaxOutput = 1 << 16;

    public static bool TryDemangle(string mangled, out string demangled)
    {
        demangled = "";
        try
        {
            if (mangled.StartsWith("_R", StringComparison.Ordinal))
                return V0.TryRun(mangled[2..], out demangled);
            return TryLegacy(mangled, out demangled);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // --- legacy ---------------------------------------------------------------------------------------------

    private static bool TryLegacy(string s, out string demangled)
    {
        demangled = "";
        int at = s.StartsWith("_ZN", StringComparison.Ordinal) ? 3 : s.StartsWith("__ZN", StringComparison.Ordinal) ? 4 : -1;
        if (at < 0) return false;
        var parts = new List<string>();
        while (at < s.Length && s[at] != 'E')
        {
            int len = 0, start = at;
            while (at < s.Length && char.IsAsciiDigit(s[at])) len = checked(len * 10 + (s[at++] - '0'));
            if (at == start || len == 0 || at + len > s.Length) return false;
            parts.Add(s.Substring(at, len));
            at += len;
        }
        // What makes it Rust and not C++: a last segment `h` + 16 hex digits (the crate hash).
        if (at >= s.Length || parts.Count < 2) return false;
        string hash = parts[^1];
        if (hash.Length != 17 || hash[0] != 'h' || hash.AsSpan(1).ContainsAnyExcept("0123456789abcdef")) return false;
        var sb = new StringBuilder();
        for (int i = 0; i < parts.Count - 1; i++)
        {
            if (i > 0) sb.Append("::");
            if (!Unescape(parts[i], sb)) return false;
        }
        demangled = sb.ToString();
        return true;
    }

    private static bool Unescape(string part, StringBuilder sb)
    {
        int i = part.StartsWith("_$", StringComparison.Ordinal) ? 1 : 0;
        while (i < part.Length)
        {
            if (part[i] == '.' && i + 1 < part.Length && part[i + 1] == '.') { sb.Append("::"); i += 2; continue; }
            if (part[i] != '$') { sb.Append(part[i++]); continue; }
            int end = part.IndexOf('$', i + 1);
            if (end < 0) return false;
            string code = part[(i + 1)..end];
            string? text = code switch
            {
                "SP" => "@", "BP" => "*", "RF" => "&", "LT" => "<", "GT" => ">", "LP" => "(", "RP" => ")", "C" => ",",
                _ when code.Length > 1 && code[0] == 'u' && uint.TryParse(code.AsSpan(1), NumberStyles.HexNumber, null, out uint c)
                    && c <= 0x10ffff => char.ConvertFromUtf32((int)c),
                _ => null,
            };
            if (text is null) return false;
            sb.Append(text);
            i = end + 1;
        }
        return true;
    }

    // --- v0 -------------------------------------------------------------------------------------------------

    private sealed class V0
    {
        private readonly string _s;
        private int _at, _depth;
        // Lifetimes bound by for<...> binders so far; a lifetime index counts back from the innermost one.
        private ulong _bound;
        private readonly StringBuilder _out = new();

        private V0(string s) => _s = s;

        public static bool TryRun(string s, out string demangled)
        {
            demangled = "";
            // An optional encoding version (decimal) precedes the path; only version 0 (none) exists.
            if (s.Length == 0 || char.IsAsciiDigit(s[0])) return false;
            var p = new V0(s);
            p.Path(valueContext: true);
            // What may follow: the instantiating crate (a path), then a vendor suffix starting with '.'.
            if (p._at < s.Length && s[p._at] != '.')
            {
                int mark = p._out.Length;
                p.Path(valueContext: true);
                p._out.Length = mark;
            }
            if (p._at < s.Length && s[p._at] != '.') return false;
            demangled = p._out.ToString();
            return true;
        }

        private char Peek => _at < _s.Length ? _s[_at] : '\0';
        private char Next() => _at < _s.Length ? _s[_at++] : throw new FormatException();
        private bool Eat(char c)
        {
            if (Peek != c) return false;
            _at++;
            return true;
        }

        private void Emit(string text)
        {
            _out.Append(text);
            if (_out.Length > MaxOutput) throw new FormatException();
        }

        private void Enter()
        {
            if (++_depth > MaxDepth) throw new FormatException();
        }

        private ulong Base62()
        {
            if (Eat('_')) return 0;
            ulong x = 0;
            while (true)
            {
                char c = Next();
                if (c == '_') return checked(x + 1);
                int d = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : c is >= 'A' and <= 'Z' ? c - 'A' + 36 : throw new FormatException();
                x = checked(x * 62 + (ulong)d);
            }
        }

        private ulong Disambiguator() => Eat('s') ? checked(Base62() + 1) : 0;

        private int Decimal()
        {
            if (!char.IsAsciiDigit(Peek)) throw new FormatException();
            if (Peek == '0') { _at++; return 0; }
            int x = 0;
            while (char.IsAsciiDigit(Peek)) x = checked(x * 10 + (Next() - '0'));
            return x;
        }

        private string Ident()
        {
            bool puny = Eat('u');
            int len = Decimal();
            Eat('_');
            if (_at + len > _s.Length) throw new FormatException();
            string raw = _s.Substring(_at, len);
            _at += len;
            return puny ? Punycode(raw) : raw;
        }

        private void Backref(Action follow)
        {
            ulong target = Base62();
            if (target >= (ulong)(_at - 1)) throw new FormatException();
            int saved = _at;
            _at = (int)target;
            follow();
            _at = saved;
        }

        private void Path(bool valueContext)
        {
            Enter();
            char tag = Next();
            switch (tag)
            {
                case 'C':
                    Disambiguator();
                    Emit(Ident());
                    break;
                case 'N':
                    char ns = Next();
                    Path(valueContext);
                    ulong dis = Disambiguator();
                    string name = Ident();
                    if (char.IsAsciiLetterUpper(ns))
                    {
                        string kind = ns switch { 'C' => "closure", 'S' => "shim", _ => ns.ToString() };
                        Emit(name.Length == 0 ? $"::{{{kind}#{dis}}}" : $"::{{{kind}:{name}#{dis}}}");
                    }
                    else if (name.Length > 0)
                        Emit("::" + name);
                    break;
                case 'M':
                    Disambiguator();
                    SkipPath();
                    Emit("<");
                    Type();
                    Emit(">");
                    break;
                case 'X':
                    Disambiguator();
                    SkipPath();
                    Emit("<");
                    Type();
                    Emit(" as ");
                    Path(valueContext: false);
                    Emit(">");
                    break;
                case 'Y':
                    Emit("<");
                    Type();
                    Emit(" as ");
                    Path(valueContext: false);
                    Emit(">");
                    break;
                case 'I':
                    Path(valueContext);
                    Emit(valueContext ? "::<" : "<");
                    GenericArgs();
                    Emit(">");
                    break;
                case 'B':
                    Backref(() => Path(valueContext));
                    break;
                default:
                    throw new FormatException();
            }
            _depth--;
        }

        // An impl's own path (where the impl block is) is not printed, only parsed past.
        private void SkipPath()
        {
            int mark = _out.Length;
            Path(valueContext: false);
            _out.Length = mark;
        }

        private void GenericArgs()
        {
            bool first = true;
            while (!Eat('E'))
            {
                if (!first) Emit(", ");
                first = false;
                if (Eat('L')) { Lifetime(Base62()); continue; }
                if (Eat('K')) { Const(); continue; }
                Type();
            }
        }

        private void Lifetime(ulong index)
        {
            if (index == 0 || index > _bound) { Emit("'_"); return; }
            ulong depth = _bound - index;
            Emit(depth < 26 ? $"'{(char)('a' + (int)depth)}" : $"'_{depth}");
        }

        /// <summary>A binder (G): for&lt;'a, ...&gt; naming the lifetimes it binds; returns how many to unbind after.</summary>
        private ulong Binder()
        {
            if (!Eat('G')) return 0;
            ulong count = checked(Base62() + 1);
            if (count > 64) throw new FormatException();
            Emit("for<");
            for (ulong k = 0; k < count; k++)
            {
                if (k > 0) Emit(", ");
                _bound++;
                Lifetime(1);
            }
            Emit("> ");
            return count;
        }

        private static string? Basic(char c) => c switch
        {
            'a' => "i8", 'b' => "bool", 'c' => "char", 'd' => "f64", 'e' => "str", 'f' => "f32", 'h' => "u8", 'i' => "isize",
            'j' => "usize", 'l' => "i32", 'm' => "u32", 'n' => "i128", 'o' => "u128", 's' => "i16", 't' => "u16", 'u' => "()",
            'v' => "...", 'x' => "i64", 'y' => "u64", 'z' => "!", 'p' => "_",
            _ => null,
        };

        private void Type()
        {
            Enter();
            char c = Peek;
            if (Basic(c) is { } basic)
            {
                _at++;
                Emit(basic);
                _depth--;
                return;
            }
            switch (c)
            {
                case 'R' or 'Q':
                    _at++;
                    Emit(c == 'R' ? "&" : "&mut ");
                    if (Eat('L'))
                    {
                        ulong lt = Base62();
                        if (lt != 0) { Lifetime(lt); Emit(" "); }
                    }
                    Type();
                    break;
                case 'P' or 'O':
                    _at++;
                    Emit(c == 'P' ? "*const " : "*mut ");
                    Type();
                    break;
                case 'A':
                    _at++;
                    Emit("[");
                    Type();
                    Emit("; ");
                    Const();
                    Emit("]");
                    break;
                case 'S':
                    _at++;
                    Emit("[");
                    Type();
                    Emit("]");
                    break;
                case 'T':
                    _at++;
                    Emit("(");
                    int n = 0;
                    while (!Eat('E'))
                    {
                        if (n++ > 0) Emit(", ");
                        Type();
                    }
                    if (n == 1) Emit(",");
                    Emit(")");
                    break;
                case 'F':
                    _at++;
                    ulong fnBound = Binder();
                    if (Eat('U')) Emit("unsafe ");
                    if (Eat('K'))
                    {
                        string abi = Eat('C') ? "C" : Ident().Replace('_', '-');
                        Emit($"extern \"{abi}\" ");
                    }
                    Emit("fn(");
                    int args = 0;
                    while (!Eat('E'))
                    {
                        if (args++ > 0) Emit(", ");
                        Type();
                    }
                    Emit(")");
                    if (Peek == 'u') _at++;
                    else { Emit(" -> "); Type(); }
                    _bound -= fnBound;
                    break;
                case 'D':
                    _at++;
                    Emit("dyn ");
                    ulong dynBound = Binder();
                    int bounds = 0;
                    while (!Eat('E'))
                    {
                        if (bounds++ > 0) Emit(" + ");
                        DynTrait();
                    }
                    if (!Eat('L')) throw new FormatException();
                    ulong l = Base62();
                    _bound -= dynBound;
                    if (l != 0) { Emit(" + "); Lifetime(l); }
                    break;
                case 'B':
                    _at++;
                    Backref(Type);
                    break;
                default:
                    Path(valueContext: false);
                    break;
            }
            _depth--;
        }

        private void DynTrait()
        {
            // The trait path may carry generic args; associated-type bindings ("p" name type) join them.
            Path(valueContext: false);
            bool open = false;
            while (Eat('p'))
            {
                if (_out[^1] == '>' && !open) { _out.Length--; Emit(", "); }
                else if (!open) Emit("<");
                open = true;
                Emit(Ident() + " = ");
                Type();
            }
            if (open) Emit(">");
        }

        private void Const()
        {
            Enter();
            if (Eat('p')) { Emit("_"); _depth--; return; }
            if (Eat('B')) { Backref(Const); _depth--; return; }
            char type = Next();
            bool negative = Eat('n');
            int start = _at;
            while (Peek != '_') Next();
            string hex = _s[start.._at];
            _at++;
            ulong value = hex.Length == 0 ? 0 : ulong.Parse(hex, NumberStyles.HexNumber);
            Emit(type switch
            {
                'b' => value == 0 ? "false" : "true",
                'c' when value <= 0x10ffff => $"'{char.ConvertFromUtf32((int)value)}'",
                _ when Basic(type) is not null => (negative ? "-" : "") + value.ToString(CultureInfo.InvariantCulture),
                _ => throw new FormatException(),
            });
            _depth--;
        }

        // RFC 3492 decoding, with v0's spelling: the last '_' separates the basic code points from the deltas.
        private static string Punycode(string input)
        {
            int split = input.LastIndexOf('_');
            var output = new List<int>();
            if (split >= 0) foreach (char ch in input[..split]) output.Add(ch);
            int i = 0, n = 128, bias = 72, at = split + 1;
            while (at < input.Length)
            {
                int oldI = i, w = 1;
                for (int k = 36; ; k += 36)
                {
                    if (at >= input.Length) throw new FormatException();
                    char c = input[at++];
                    int digit = c is >= 'a' and <= 'z' ? c - 'a' : c is >= '0' and <= '9' ? c - '0' + 26 : throw new FormatException();
                    i = checked(i + digit * w);
                    int t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
                    if (digit < t) break;
                    w = checked(w * (36 - t));
                }
                int count = output.Count + 1;
                int delta = i - oldI;
                delta = oldI == 0 ? delta / 700 : delta / 2;
                delta += delta / count;
                int kk = 0;
                while (delta > 455) { delta /= 35; kk += 36; }
                bias = kk + 36 * delta / (delta + 38);
                n = checked(n + i / count);
                i %= count;
                if (n > 0x10ffff) throw new FormatException();
                output.Insert(i, n);
                i++;
            }
            var sb = new StringBuilder();
            foreach (int cp in output) sb.Append(char.ConvertFromUtf32(cp));
            return sb.ToString();
        }
    }
}
