// Demangles Itanium C++ ABI names (`_Z...`) to exactly the text binutils' c++filt prints, so version
// scripts' `extern "C++"` patterns can be matched the way GNU ld matches them. Anything it cannot render
// byte-for-byte like c++filt (or that is not mangled) yields false and the caller keeps the raw name.
// Glob matching and version-script semantics are left to the version-script code.
using System.Text;

namespace Wild.Engine.Symbols;

internal static class Demangler
{
    // Real symbols stay far below these; they only bound the work a hostile name can cause.
    private const int MaxInput = 1 << 16;
    private const int MaxOutput = 1 << 18;
    private const int MaxParseDepth = 192;
    private const int MaxPrintDepth = 384;
    private const int MaxPrintWork = 1 << 22;

    [ThreadStatic] private static Parser? t_parser;

    public static bool TryDemangle(ReadOnlySpan<byte> mangled, out string demangled)
    {
        demangled = "";
        if (mangled.Length < 3 || mangled.Length > MaxInput || mangled[0] != (byte)'_' || mangled[1] != (byte)'Z')
            return false;
        var p = t_parser ??= new Parser();
        try
        {
            return p.Run(mangled, out demangled);
        }
        catch (IndexOutOfRangeException)
        {
            // Defence in depth: a grammar corner we index past must not take the linker down with it.
            demangled = "";
            return false;
        }
        finally
        {
            p.Trim();
        }
    }

    private enum K : byte
    {
        Src, Text, Nested, Template, Tagged, Ctor, Dtor, Op, ConvOp, Qual, Ptr, LRef, RRef, Func, Encoding,
        Array, PtrMem, Special, CtorVtable, Local, Lambda, Unnamed, Literal, Pack, Expansion, Clone, TParam, Postfix, AddressOf,
    }

    // Print kinds of builtin types, deciding how a literal of that type is written (c++filt's rules).
    private const byte PkDefault = 0, PkInt = 1, PkUnsigned = 2, PkLong = 3, PkULong = 4, PkLongLong = 5,
        PkULongLong = 6, PkBool = 7, PkFloat = 8;

    // Qualifier bits shared by Qual nodes, function types and member-function encodings.
    private const int QConst = 1, QVolatile = 2, QRestrict = 4, RefL = 8, RefR = 16, NoExcept = 32;

    // Nodes live in a per-thread arena so a call allocates nothing but its result. A..E mean different
    // things per kind (child nodes, spans of the input, ranges of the list pool); the parse method that
    // creates a kind is the reference for its layout.
    private struct Node
    {
        public K Kind;
        public int Flags;
        public int A, B, C, D, E;
        public string? Text;
    }

    private sealed class Parser
    {
        private byte[] _s = new byte[256];
        private int _len, _pos, _depth;
        private Node[] _nodes = new Node[256];
        private int _nodeCount;
        private int[] _lists = new int[256];
        private int _listCount;
        private int[] _stack = new int[64];
        private int _stackTop;
        private int[] _subs = new int[64];
        private int _subCount;
        private int _tplStart, _tplCount, _tplRefs, _tplOwner, _curEncoding, _encodingCount;
        private bool _tplSet;
        private byte[] _out = new byte[512];
        private int _outLen, _printDepth, _printWork;
        // Set when printing cannot match c++filt (too long, too deep, unresolvable T_): demangling fails.
        private bool _overflow;
        private int[] _ctxStart = new int[16], _ctxCount = new int[16], _ctxOwner = new int[16];
        private int _ctxDepth;
        private byte _lastChar;
        private int _activePack = -1, _activeIndex;

        public bool Run(ReadOnlySpan<byte> mangled, out string demangled)
        {
            demangled = "";
            if (_s.Length < mangled.Length + 1) _s = new byte[Math.Max(mangled.Length + 1, _s.Length * 2)];
            mangled.CopyTo(_s);
            _len = mangled.Length;
            _pos = 2;
            _depth = _nodeCount = _listCount = _stackTop = _subCount = _tplStart = _tplCount = 0;
            _tplOwner = _curEncoding = _encodingCount = 0;
            _tplSet = false;
            _outLen = _printDepth = _printWork = 0;
            _lastChar = 0;
            _ctxDepth = 0;
            _overflow = false;
            _activePack = -1;

            int root = ParseEncoding();
            if (root < 0) return false;
            while (Peek() == '.' && (IsLower(Peek(1)) || Peek(1) == '_' || IsDigit(Peek(1))))
            {
                int start = _pos;
                _pos += 2;
                while (IsLower(Peek()) || IsDigit(Peek()) || Peek() == '_') _pos++;
                while (Peek() == '.' && IsDigit(Peek(1)))
                {
                    _pos += 2;
                    while (IsDigit(Peek())) _pos++;
                }
                root = New(K.Clone, root, start, _pos - start);
            }
            if (_pos != _len) return false;

            Print(root);
            if (_overflow) return false;
            // c++filt passes identifier bytes through; a string cannot carry invalid UTF-8 faithfully.
            if (!System.Text.Unicode.Utf8.IsValid(_out.AsSpan(0, _outLen))) return false;
            demangled = Encoding.UTF8.GetString(_out, 0, _outLen);
            return true;
        }

        // The parser lives as long as its thread; one monster name must not pin megabytes for good.
        public void Trim()
        {
            if (_s.Length > 4096) _s = new byte[256];
            if (_nodes.Length > 4096) _nodes = new Node[256];
            if (_lists.Length > 4096) _lists = new int[256];
            if (_stack.Length > 4096) _stack = new int[64];
            if (_subs.Length > 4096) _subs = new int[64];
            if (_out.Length > 16384) _out = new byte[512];
        }

        // ---------------------------------------------------------------- parsing helpers

        private byte Peek(int k = 0) => _pos + k < _len ? _s[_pos + k] : (byte)0;
        private static bool IsDigit(byte c) => c >= '0' && c <= '9';
        private static bool IsLower(byte c) => c >= 'a' && c <= 'z';
        private static bool IsUpper(byte c) => c >= 'A' && c <= 'Z';

        private bool Eat(char c)
        {
            if (Peek() != c) return false;
            _pos++;
            return true;
        }

        private int New(K kind, int a = -1, int b = -1, int c = 0, int d = 0, int flags = 0, string? text = null)
        {
            if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
            ref var n = ref _nodes[_nodeCount];
            n.Kind = kind; n.A = a; n.B = b; n.C = c; n.D = d; n.E = 0; n.Flags = flags; n.Text = text;
            return _nodeCount++;
        }

        private int Text(string text, int printKind = PkDefault) => New(K.Text, flags: printKind, text: text);

        private void Push(int id)
        {
            if (_stackTop == _stack.Length) Array.Resize(ref _stack, _stack.Length * 2);
            _stack[_stackTop++] = id;
        }

        // Moves the items pushed since `mark` into the list pool; nested lists are built on the same stack.
        private int Commit(int mark, out int count)
        {
            count = _stackTop - mark;
            if (_listCount + count > _lists.Length) Array.Resize(ref _lists, Math.Max(_lists.Length * 2, _listCount + count));
            Array.Copy(_stack, mark, _lists, _listCount, count);
            int start = _listCount;
            _listCount += count;
            _stackTop = mark;
            return start;
        }

        private void AddSub(int id)
        {
            if (_subCount == _subs.Length) Array.Resize(ref _subs, _subs.Length * 2);
            _subs[_subCount++] = id;
        }

        private bool Enter() => ++_depth <= MaxParseDepth;

        // <number> ::= [n] <decimal>; bounded so hostile digit strings cannot overflow.
        private bool Number(out int value, out bool negative)
        {
            value = 0;
            negative = Eat('n');
            if (!IsDigit(Peek())) return false;
            while (IsDigit(Peek()))
            {
                if (value > 100_000_000) return false;
                value = value * 10 + (Peek() - '0');
                _pos++;
            }
            return true;
        }

        // ---------------------------------------------------------------- grammar

        private int ParseEncoding()
        {
            if (!Enter()) return -1;
            try
            {
                byte c = Peek();
                if (c == 'T' || (c == 'G' && (Peek(1) == 'V' || Peek(1) == 'T' || Peek(1) == 'A')))
                    return ParseSpecial();
                int id = ++_encodingCount, outer = _curEncoding;
                _curEncoding = id;
                int name = ParseName(true, out bool isTemplate, out bool noReturn, out int cvref);
                _curEncoding = outer;
                if (name < 0) return -1;
                c = Peek();
                if (c == 0 || c == 'E' || c == '.') return name;
                int ret = -1;
                if (isTemplate && !noReturn)
                {
                    ret = ParseType();
                    if (ret < 0) return -1;
                }
                int start = ParseParams(out int count, (byte)0);
                if (start < 0) return -1;
                int enc = New(K.Encoding, ret, name, start, count, cvref);
                _nodes[enc].E = id;
                return enc;
            }
            finally { _depth--; }
        }

        // Parameter types up to the end, an 'E' or a clone suffix; a lone 'v' means no parameters.
        private int ParseParams(out int count, byte terminator)
        {
            count = 0;
            if (Peek() == 'v' && (Peek(1) == terminator || (terminator == 0 && (Peek(1) == 'E' || Peek(1) == '.'))))
            {
                _pos++;
                return _listCount;
            }
            int mark = _stackTop;
            while (true)
            {
                byte c = Peek();
                if (c == 0 || c == 'E' || c == '.' || (terminator != 0 && c == terminator)) break;
                if (terminator == 'E' && (c == 'R' || c == 'O') && Peek(1) == 'E') break;
                int t = ParseType();
                if (t < 0) { _stackTop = mark; return -1; }
                Push(t);
            }
            if (_stackTop == mark) return -1;
            return Commit(mark, out count);
        }

        private int ParseSpecial()
        {
            byte c0 = Peek(), c1 = Peek(1);
            _pos += 2;
            if (c0 == 'T')
            {
                switch (c1)
                {
                    case (byte)'V': return Wrap("vtable for ", ParseType());
                    case (byte)'T': return Wrap("VTT for ", ParseType());
                    case (byte)'I': return Wrap("typeinfo for ", ParseType());
                    case (byte)'S': return Wrap("typeinfo name for ", ParseType());
                    case (byte)'F': return Wrap("typeinfo fn for ", ParseType());
                    case (byte)'W': return Wrap("TLS wrapper function for ", ParseName(false, out _, out _, out _));
                    case (byte)'H': return Wrap("TLS init function for ", ParseName(false, out _, out _, out _));
                    case (byte)'A': return Wrap("template parameter object for ", ParseTemplateArg());
                    case (byte)'h':
                        if (!CallOffset((byte)'h')) return -1;
                        return Wrap("non-virtual thunk to ", ParseEncoding());
                    case (byte)'v':
                        if (!CallOffset((byte)'v')) return -1;
                        return Wrap("virtual thunk to ", ParseEncoding());
                    case (byte)'c':
                        {
                            byte k = Peek();
                            _pos++;
                            if (!CallOffset(k)) return -1;
                            k = Peek();
                            _pos++;
                            if (!CallOffset(k)) return -1;
                            return Wrap("covariant return thunk to ", ParseEncoding());
                        }
                    case (byte)'C':
                        {
                            int derived = ParseType();
                            if (derived < 0 || !Number(out _, out _) || !Eat('_')) return -1;
                            int baseType = ParseType();
                            if (baseType < 0) return -1;
                            return New(K.CtorVtable, derived, baseType);
                        }
                }
                return -1;
            }
            switch (c1)
            {
                case (byte)'V': return Wrap("guard variable for ", ParseName(false, out _, out _, out _));
                case (byte)'A': return Wrap("hidden alias for ", ParseEncoding());
                case (byte)'T':
                    {
                        byte k = Peek();
                        _pos++;
                        if (k == 't') return Wrap("transaction clone for ", ParseEncoding());
                        if (k == 'n') return Wrap("non-transaction clone for ", ParseEncoding());
                        return -1;
                    }
            }
            return -1;
        }

        private int Wrap(string prefix, int child) => child < 0 ? -1 : New(K.Special, child, text: prefix);

        // <call-offset> ::= h <nv-offset> _ | v <v-offset> _ ; c++filt does not print the offsets.
        private bool CallOffset(byte kind)
        {
            if (kind == 'h') return Number(out _, out _) && Eat('_');
            if (kind == 'v') return Number(out _, out _) && Eat('_') && Number(out _, out _) && Eat('_');
            return false;
        }

        private int ParseName(bool top, out bool isTemplate, out bool noReturn, out int cvref)
        {
            isTemplate = noReturn = false;
            cvref = 0;
            if (!Enter()) return -1;
            try
            {
                byte c = Peek();
                if (c == 'N') return ParseNested(top, out isTemplate, out noReturn, out cvref);
                if (c == 'Z') return ParseLocal(top, out isTemplate, out noReturn, out cvref);
                int node;
                if (c == 'S')
                {
                    if (Peek(1) == 't')
                    {
                        _pos += 2;
                        Eat('L');
                        int un = ParseUnqualified(-1, out noReturn);
                        if (un < 0) return -1;
                        node = New(K.Nested, Text("std"), un);
                    }
                    else
                    {
                        node = ParseSubstitution();
                        if (node < 0 || Peek() != 'I') return -1;
                        return TemplateOn(node, top, out isTemplate, addPrefix: false);
                    }
                }
                else
                {
                    if (c == 'L') _pos++;
                    node = ParseUnqualified(-1, out noReturn);
                    if (node < 0) return -1;
                }
                if (Peek() == 'I') return TemplateOn(node, top, out isTemplate, addPrefix: true);
                return node;
            }
            finally { _depth--; }
        }

        private int TemplateOn(int name, bool top, out bool isTemplate, bool addPrefix)
        {
            isTemplate = true;
            if (addPrefix) AddSub(name);
            int start = ParseTemplateArgs(out int count);
            if (start < 0) return -1;
            if (top) SetTemplateParams(start, count);
            return New(K.Template, name, start, count);
        }

        private void SetTemplateParams(int start, int count)
        {
            _tplStart = start;
            _tplCount = count;
            _tplSet = true;
            _tplOwner = _curEncoding;
        }

        private int ParseNested(bool top, out bool isTemplate, out bool noReturn, out int cvref)
        {
            isTemplate = noReturn = false;
            cvref = 0;
            _pos++;
            if (Eat('r')) cvref |= QRestrict;
            if (Eat('V')) cvref |= QVolatile;
            if (Eat('K')) cvref |= QConst;
            if (Eat('R')) cvref |= RefL;
            else if (Eat('O')) cvref |= RefR;
            int cur = -1;
            while (true)
            {
                byte c = Peek();
                if (c == 'E')
                {
                    _pos++;
                    return cur;
                }
                if (c == 0) return -1;
                bool add = true;
                if (c == 'S')
                {
                    if (cur >= 0) return -1;
                    if (Peek(1) == 't')
                    {
                        _pos += 2;
                        cur = Text("std");
                    }
                    else
                    {
                        cur = ParseSubstitution();
                        if (cur < 0) return -1;
                    }
                    add = false;
                    isTemplate = false;
                }
                else if (c == 'T')
                {
                    if (cur >= 0) return -1;
                    cur = ParseTemplateParam();
                    if (cur < 0) return -1;
                    isTemplate = false;
                }
                else if (c == 'I')
                {
                    if (cur < 0) return -1;
                    int start = ParseTemplateArgs(out int count);
                    if (start < 0) return -1;
                    if (top) SetTemplateParams(start, count);
                    cur = New(K.Template, cur, start, count);
                    isTemplate = true;
                }
                else
                {
                    if (c == 'L') _pos++;
                    int un = ParseUnqualified(cur, out noReturn);
                    if (un < 0) return -1;
                    cur = cur < 0 ? un : New(K.Nested, cur, un);
                    isTemplate = false;
                }
                if (add && Peek() != 'E') AddSub(cur);
            }
        }

        private int ParseLocal(bool top, out bool isTemplate, out bool noReturn, out int cvref)
        {
            isTemplate = noReturn = false;
            cvref = 0;
            _pos++;
            // Inside a type, the local entity's function brings its own template parameters; the
            // enclosing name's must be back in force once the local name ends.
            int savedStart = _tplStart, savedCount = _tplCount, savedOwner = _tplOwner;
            bool savedSet = _tplSet;
            int result = ParseLocalBody(top, out isTemplate, out noReturn, out cvref);
            if (!top)
            {
                _tplStart = savedStart;
                _tplCount = savedCount;
                _tplSet = savedSet;
                _tplOwner = savedOwner;
            }
            return result;
        }

        private int ParseLocalBody(bool top, out bool isTemplate, out bool noReturn, out int cvref)
        {
            isTemplate = noReturn = false;
            cvref = 0;
            int enc = ParseEncoding();
            if (enc < 0 || !Eat('E')) return -1;
            // c++filt prints the enclosing function of a local entity without its return type.
            if (_nodes[enc].Kind == K.Encoding) _nodes[enc].A = -1;
            int entity;
            if (Eat('s'))
            {
                entity = Text("string literal");
            }
            else
            {
                if (Eat('d'))
                {
                    int n = 0;
                    if (IsDigit(Peek()) && !Number(out n, out _)) return -1;
                    if (!Eat('_')) return -1;
                    enc = New(K.Local, enc, Text("{default arg#" + (n + 1) + "}"));
                }
                entity = ParseName(top, out isTemplate, out noReturn, out cvref);
                if (entity < 0) return -1;
            }
            // Discriminators tell same-named locals apart; c++filt does not print them.
            if (Peek() == '_')
            {
                _pos++;
                bool two = Eat('_');
                if (!IsDigit(Peek())) return -1;
                if (!Number(out _, out _)) return -1;
                if (two && !Eat('_')) return -1;
            }
            return New(K.Local, enc, entity);
        }

        private int ParseUnqualified(int prefix, out bool ctorDtorConv)
        {
            ctorDtorConv = false;
            byte c = Peek();
            int node;
            if (IsDigit(c))
            {
                node = ParseSourceName();
            }
            else if (c == 'U')
            {
                if (Peek(1) == 't')
                {
                    _pos += 2;
                    int n = 1;
                    if (IsDigit(Peek())) { if (!Number(out n, out _)) return -1; n += 2; }
                    if (!Eat('_')) return -1;
                    node = New(K.Unnamed, n);
                }
                else if (Peek(1) == 'l')
                {
                    _pos += 2;
                    int start = ParseParams(out int count, (byte)'E');
                    if (start < 0 || !Eat('E')) return -1;
                    int n = 1;
                    if (IsDigit(Peek())) { if (!Number(out n, out _)) return -1; n += 2; }
                    if (!Eat('_')) return -1;
                    node = New(K.Lambda, n, start, count);
                }
                else return -1;
            }
            else if (c == 'C' && prefix >= 0 && (Peek(1) >= '1' && Peek(1) <= '5'))
            {
                _pos += 2;
                int b = BaseName(prefix);
                if (b < 0) return -1;
                node = New(K.Ctor, b);
                ctorDtorConv = true;
            }
            else if (c == 'D' && prefix >= 0 && (Peek(1) == '0' || Peek(1) == '1' || Peek(1) == '2' || Peek(1) == '4' || Peek(1) == '5'))
            {
                _pos += 2;
                int b = BaseName(prefix);
                if (b < 0) return -1;
                node = New(K.Dtor, b);
                ctorDtorConv = true;
            }
            else if (IsLower(c))
            {
                node = ParseOperator(out ctorDtorConv);
            }
            else return -1;
            if (node < 0) return -1;
            while (Peek() == 'B')
            {
                _pos++;
                if (!Number(out int n, out bool neg) || neg || n <= 0 || n > _len - _pos) return -1;
                node = New(K.Tagged, node, _pos, n);
                _pos += n;
            }
            return node;
        }

        // The class name a constructor or destructor inside `prefix` is spelled with.
        private int BaseName(int prefix)
        {
            for (int guard = 0; guard < 64 && prefix >= 0; guard++)
            {
                ref var n = ref _nodes[prefix];
                switch (n.Kind)
                {
                    case K.Src: return prefix;
                    case K.Nested: prefix = n.B; break;
                    case K.Template: prefix = n.A; break;
                    case K.Tagged: prefix = n.A; break;
                    case K.Local: prefix = n.B; break;
                    case K.Text: return n.D != 0 ? Text(StdBase[n.D - 1]) : -1;
                    default: return -1;
                }
            }
            return -1;
        }

        private int ParseSourceName()
        {
            if (!Number(out int n, out bool neg) || neg || n <= 0 || n > _len - _pos) return -1;
            int start = _pos;
            _pos += n;
            // GCC spells anonymous namespaces `_GLOBAL__N_<something>`; c++filt prints them specially.
            int flags = 0;
            if (n >= 10 && _s[start] == '_' && _s[start + 1] == 'G' && _s[start + 2] == 'L' && _s[start + 3] == 'O'
                && _s[start + 4] == 'B' && _s[start + 5] == 'A' && _s[start + 6] == 'L' && _s[start + 7] == '_'
                && (_s[start + 8] == '.' || _s[start + 8] == '_' || _s[start + 8] == '$') && _s[start + 9] == 'N')
                flags = 1;
            return New(K.Src, start, n, flags: flags);
        }

        private int ParseOperator(out bool conversion)
        {
            conversion = false;
            byte a = Peek(), b = Peek(1);
            if (a == 'c' && b == 'v')
            {
                _pos += 2;
                int refsBefore = _tplRefs;
                int t = ParseType();
                if (t < 0) return -1;
                // A templated conversion operator's T_ refers to arguments not parsed yet; resolving it
                // against the enclosing class's arguments would print the wrong type.
                if (_tplRefs != refsBefore && Peek() == 'I') return -1;
                conversion = true;
                return New(K.ConvOp, t);
            }
            if (a == 'l' && b == 'i')
            {
                _pos += 2;
                int name = ParseSourceName();
                return name < 0 ? -1 : New(K.Op, name, text: "\"\" ");
            }
            string? text = OperatorText(a, b);
            if (text == null) return -1;
            _pos += 2;
            return New(K.Op, text: text);
        }

        private static string? OperatorText(byte a, byte b) => ((char)a, (char)b) switch
        {
            ('n', 'w') => "new", ('n', 'a') => "new[]", ('d', 'l') => "delete", ('d', 'a') => "delete[]",
            ('p', 's') => "+", ('n', 'g') => "-", ('a', 'd') => "&", ('d', 'e') => "*", ('c', 'o') => "~",
            ('p', 'l') => "+", ('m', 'i') => "-", ('m', 'l') => "*", ('d', 'v') => "/", ('r', 'm') => "%",
            ('a', 'n') => "&", ('o', 'r') => "|", ('e', 'o') => "^", ('a', 'S') => "=", ('p', 'L') => "+=",
            ('m', 'I') => "-=", ('m', 'L') => "*=", ('d', 'V') => "/=", ('r', 'M') => "%=", ('a', 'N') => "&=",
            ('o', 'R') => "|=", ('e', 'O') => "^=", ('l', 's') => "<<", ('r', 's') => ">>", ('l', 'S') => "<<=",
            ('r', 'S') => ">>=", ('e', 'q') => "==", ('n', 'e') => "!=", ('l', 't') => "<", ('g', 't') => ">",
            ('l', 'e') => "<=", ('g', 'e') => ">=", ('s', 's') => "<=>", ('n', 't') => "!", ('a', 'a') => "&&",
            ('o', 'o') => "||", ('p', 'p') => "++", ('m', 'm') => "--", ('c', 'm') => ",", ('p', 'm') => "->*",
            ('p', 't') => "->", ('c', 'l') => "()", ('i', 'x') => "[]", ('q', 'u') => "?", ('s', 't') => "sizeof",
            ('s', 'z') => "sizeof", ('a', 't') => "alignof", ('a', 'z') => "alignof", ('a', 'w') => "co_await",
            _ => null,
        };

        private static readonly string[] StdFull =
        {
            "std::allocator", "std::basic_string",
            "std::basic_string<char, std::char_traits<char>, std::allocator<char> >",
            "std::basic_istream<char, std::char_traits<char> >",
            "std::basic_ostream<char, std::char_traits<char> >",
            "std::basic_iostream<char, std::char_traits<char> >",
        };

        private static readonly string[] StdBase =
            { "allocator", "basic_string", "basic_string", "basic_istream", "basic_ostream", "basic_iostream" };

        private int ParseSubstitution()
        {
            _pos++;
            byte c = Peek();
            int std = c switch { (byte)'a' => 1, (byte)'b' => 2, (byte)'s' => 3, (byte)'i' => 4, (byte)'o' => 5, (byte)'d' => 6, _ => 0 };
            if (std != 0)
            {
                _pos++;
                int id = Text(StdFull[std - 1]);
                _nodes[id].D = std;
                return id;
            }
            int index = 0;
            if (c != '_')
            {
                int v = 0;
                while (IsDigit(Peek()) || IsUpper(Peek()))
                {
                    if (v > 10_000_000) return -1;
                    byte d = Peek();
                    v = v * 36 + (IsDigit(d) ? d - '0' : d - 'A' + 10);
                    _pos++;
                }
                if (Peek() != '_') return -1;
                index = v + 1;
            }
            if (!Eat('_') || index >= _subCount) return -1;
            return _subs[index];
        }

        private int ParseTemplateParam()
        {
            _pos++;
            int index = 0;
            if (!Eat('_'))
            {
                if (!Number(out int n, out bool neg) || neg || !Eat('_')) return -1;
                index = n + 1;
            }
            if (!_tplSet || index >= _tplCount) return -1;
            _tplRefs++;
            // Kept symbolic: c++filt resolves T_ while printing, against the function template being
            // printed, which differs from the parse-time meaning when a substitution carries a T_ out
            // of a nested function's encoding.
            return New(K.TParam, index, _tplOwner);
        }

        private int ParseTemplateArgs(out int count)
        {
            count = 0;
            if (!Enter()) return -1;
            try
            {
                _pos++;
                int mark = _stackTop;
                while (!Eat('E'))
                {
                    if (Peek() == 0) { _stackTop = mark; return -1; }
                    int a = ParseTemplateArg();
                    if (a < 0) { _stackTop = mark; return -1; }
                    Push(a);
                }
                return Commit(mark, out count);
            }
            finally { _depth--; }
        }

        private int ParseTemplateArg()
        {
            byte c = Peek();
            if (c == 'L') return ParseLiteral();
            // GCC before 4.7 spelled argument packs with 'I'.
            if (c == 'J' || c == 'I')
            {
                if (!Enter()) return -1;
                try
                {
                    _pos++;
                    int mark = _stackTop;
                    while (!Eat('E'))
                    {
                        if (Peek() == 0) { _stackTop = mark; return -1; }
                        int a = ParseTemplateArg();
                        if (a < 0) { _stackTop = mark; return -1; }
                        Push(a);
                    }
                    int start = Commit(mark, out int count);
                    return New(K.Pack, -1, start, count);
                }
                finally { _depth--; }
            }
            if (c == 'X')
            {
                _pos++;
                int e = ParseExpression();
                if (e < 0 || !Eat('E')) return -1;
                return e;
            }
            return ParseType();
        }

        // Only the expression forms libstdc++'s SFINAE signatures use and whose c++filt spelling needs no
        // operator precedence: literals, template parameters and (scoped) unresolved names.
        private int ParseExpression()
        {
            if (!Enter()) return -1;
            try
            {
                byte c = Peek();
                if (c == 'L') return ParseLiteral();
                if (c == 'T') return ParseTemplateParam();
                if (IsDigit(c)) return ParseUnresolvedName(-1);
                if (c == 's' && Peek(1) == 'r' && Peek(2) != 'N')
                {
                    _pos += 2;
                    if (IsDigit(Peek()))
                    {
                        // sr <unresolved-qualifier-level>+ E <base-unresolved-name>; the levels are not
                        // substitution candidates.
                        int scope = -1;
                        while (!Eat('E'))
                        {
                            if (!IsDigit(Peek())) return -1;
                            scope = ParseUnresolvedName(scope);
                            if (scope < 0) return -1;
                        }
                        return ParseUnresolvedName(scope);
                    }
                    int type = ParseType();
                    return type < 0 ? -1 : ParseUnresolvedName(type);
                }
                if (c == 'a' && Peek(1) == 'd')
                {
                    _pos += 2;
                    int operand = ParseExpression();
                    return operand < 0 ? -1 : New(K.AddressOf, operand);
                }
                return -1;
            }
            finally { _depth--; }
        }

        private int ParseUnresolvedName(int scope)
        {
            int name = ParseSourceName();
            if (name < 0) return -1;
            if (Peek() == 'I')
            {
                int start = ParseTemplateArgs(out int count);
                if (start < 0) return -1;
                name = New(K.Template, name, start, count);
            }
            return scope < 0 ? name : New(K.Nested, scope, name);
        }

        private int ParseLiteral()
        {
            if (!Enter()) return -1;
            try
            {
                _pos++;
                if (Peek() == '_' && Peek(1) == 'Z')
                {
                    _pos += 2;
                    int savedStart = _tplStart, savedCount = _tplCount, savedOwner = _tplOwner;
                    bool savedSet = _tplSet;
                    int enc = ParseEncoding();
                    _tplStart = savedStart;
                    _tplCount = savedCount;
                    _tplSet = savedSet;
                    _tplOwner = savedOwner;
                    return enc >= 0 && Eat('E') ? enc : -1;
                }
                int type = ParseType();
                if (type < 0) return -1;
                bool neg = Eat('n');
                int start = _pos;
                while (Peek() != 'E')
                {
                    if (Peek() == 0) return -1;
                    _pos++;
                }
                int len = _pos - start;
                _pos++;
                return New(K.Literal, type, start, len, flags: neg ? 1 : 0);
            }
            finally { _depth--; }
        }

        private int ParseType()
        {
            if (!Enter()) return -1;
            try
            {
                byte c = Peek();
                string? builtin = null;
                int pk = PkDefault;
                switch (c)
                {
                    case (byte)'v': builtin = "void"; break;
                    case (byte)'w': builtin = "wchar_t"; break;
                    case (byte)'b': builtin = "bool"; pk = PkBool; break;
                    case (byte)'c': builtin = "char"; break;
                    case (byte)'a': builtin = "signed char"; break;
                    case (byte)'h': builtin = "unsigned char"; break;
                    case (byte)'s': builtin = "short"; break;
                    case (byte)'t': builtin = "unsigned short"; break;
                    case (byte)'i': builtin = "int"; pk = PkInt; break;
                    case (byte)'j': builtin = "unsigned int"; pk = PkUnsigned; break;
                    case (byte)'l': builtin = "long"; pk = PkLong; break;
                    case (byte)'m': builtin = "unsigned long"; pk = PkULong; break;
                    case (byte)'x': builtin = "long long"; pk = PkLongLong; break;
                    case (byte)'y': builtin = "unsigned long long"; pk = PkULongLong; break;
                    case (byte)'n': builtin = "__int128"; break;
                    case (byte)'o': builtin = "unsigned __int128"; break;
                    case (byte)'f': builtin = "float"; pk = PkFloat; break;
                    case (byte)'d': builtin = "double"; pk = PkFloat; break;
                    case (byte)'e': builtin = "long double"; pk = PkFloat; break;
                    case (byte)'g': builtin = "__float128"; pk = PkFloat; break;
                    case (byte)'z': builtin = "..."; break;
                }
                if (builtin != null)
                {
                    _pos++;
                    return Text(builtin, pk);
                }
                int node;
                switch (c)
                {
                    case (byte)'D':
                        return ParseDType();
                    case (byte)'u':
                        {
                            _pos++;
                            node = ParseSourceName();
                            break;
                        }
                    case (byte)'r':
                    case (byte)'V':
                    case (byte)'K':
                        {
                            int q = 0;
                            if (Eat('r')) q |= QRestrict;
                            if (Eat('V')) q |= QVolatile;
                            if (Eat('K')) q |= QConst;
                            if (Peek() == 'F')
                            {
                                // cv before a function type qualifies its `this`: they print after the
                                // parameters, and only the qualified type is a substitution candidate.
                                node = ParseFunctionType(q);
                                break;
                            }
                            int inner = ParseType();
                            if (inner < 0) return -1;
                            node = New(K.Qual, inner, flags: q);
                            break;
                        }
                    case (byte)'P':
                    case (byte)'R':
                    case (byte)'O':
                        {
                            _pos++;
                            int inner = ParseType();
                            if (inner < 0) return -1;
                            node = New(c == 'P' ? K.Ptr : c == 'R' ? K.LRef : K.RRef, inner);
                            break;
                        }
                    case (byte)'F':
                        node = ParseFunctionType(0);
                        break;
                    case (byte)'C':
                    case (byte)'G':
                        {
                            _pos++;
                            int inner = ParseType();
                            if (inner < 0) return -1;
                            node = New(K.Postfix, inner, text: c == 'C' ? " _Complex" : " _Imaginary");
                            break;
                        }
                    case (byte)'A':
                        {
                            _pos++;
                            int dimStart = _pos, dimLen = 0, dimExpr = -1;
                            if (IsDigit(Peek()))
                            {
                                while (IsDigit(Peek())) _pos++;
                                dimLen = _pos - dimStart;
                            }
                            else if (Peek() != '_')
                            {
                                dimExpr = ParseExpression();
                                if (dimExpr < 0) return -1;
                            }
                            if (!Eat('_')) return -1;
                            int elem = ParseType();
                            if (elem < 0) return -1;
                            node = New(K.Array, elem, dimStart, dimLen, dimExpr);
                            break;
                        }
                    case (byte)'M':
                        {
                            _pos++;
                            int cls = ParseType();
                            if (cls < 0) return -1;
                            int member = ParseType();
                            if (member < 0) return -1;
                            node = New(K.PtrMem, cls, member);
                            break;
                        }
                    case (byte)'T':
                        {
                            node = ParseTemplateParam();
                            if (node < 0) return -1;
                            if (Peek() == 'I')
                            {
                                AddSub(node);
                                int start = ParseTemplateArgs(out int count);
                                if (start < 0) return -1;
                                node = New(K.Template, node, start, count);
                            }
                            break;
                        }
                    case (byte)'S':
                        {
                            if (Peek(1) == 't')
                            {
                                node = ParseName(false, out _, out _, out _);
                                break;
                            }
                            node = ParseSubstitution();
                            if (node < 0) return -1;
                            if (Peek() != 'I') return node;
                            int start = ParseTemplateArgs(out int count);
                            if (start < 0) return -1;
                            node = New(K.Template, node, start, count);
                            break;
                        }
                    case (byte)'N':
                    case (byte)'Z':
                        node = ParseName(false, out _, out _, out _);
                        break;
                    default:
                        if (!IsDigit(c) && c != 'U') return -1;
                        node = ParseName(false, out _, out _, out _);
                        break;
                }
                if (node < 0) return -1;
                AddSub(node);
                return node;
            }
            finally { _depth--; }
        }

        private int ParseDType()
        {
            byte c = Peek(1);
            string? text = c switch
            {
                (byte)'d' => "decimal64", (byte)'e' => "decimal128", (byte)'f' => "decimal32", (byte)'h' => "half",
                (byte)'i' => "char32_t", (byte)'s' => "char16_t", (byte)'u' => "char8_t", (byte)'a' => "auto",
                (byte)'c' => "decltype(auto)", (byte)'n' => "decltype(nullptr)", _ => null,
            };
            if (text != null)
            {
                _pos += 2;
                return Text(text);
            }
            int node;
            if (c == 'F')
            {
                _pos += 2;
                if (!Number(out int bits, out bool neg) || neg || !Eat('_')) return -1;
                return Text("_Float" + bits);
            }
            if (c == 'p')
            {
                _pos += 2;
                int inner = ParseType();
                if (inner < 0) return -1;
                node = New(K.Expansion, inner);
            }
            else if (c == 'o' && Peek(2) == 'F')
            {
                _pos += 2;
                node = ParseFunctionType(NoExcept);
                if (node < 0) return -1;
            }
            else return -1;
            AddSub(node);
            return node;
        }

        private int ParseFunctionType(int flags)
        {
            _pos++;
            Eat('Y');
            int ret = ParseType();
            if (ret < 0) return -1;
            int start = ParseParams(out int count, (byte)'E');
            if (start < 0) return -1;
            if (Eat('R')) flags |= RefL;
            else if (Eat('O')) flags |= RefR;
            if (!Eat('E')) return -1;
            return New(K.Func, ret, -1, start, count, flags);
        }

        // ---------------------------------------------------------------- printing

        private bool Room(int n)
        {
            if (_outLen + n <= _out.Length) return true;
            if (_outLen + n > MaxOutput) { _overflow = true; return false; }
            Array.Resize(ref _out, Math.Min(MaxOutput, Math.Max(_out.Length * 2, _outLen + n)));
            return true;
        }

        private void Put(char c)
        {
            if (_outLen == _out.Length && !Room(1)) return;
            _out[_outLen++] = _lastChar = (byte)c;
        }

        // Texts are ASCII (type names, operators, fixed phrases).
        private void Put(string s)
        {
            if (s.Length == 0 || !Room(s.Length)) return;
            var dst = _out.AsSpan(_outLen, s.Length);
            for (int i = 0; i < s.Length; i++) dst[i] = (byte)s[i];
            _outLen += s.Length;
            _lastChar = (byte)s[^1];
        }

        private void PutSpan(int start, int len)
        {
            if (len <= 0 || !Room(len)) return;
            _s.AsSpan(start, len).CopyTo(_out.AsSpan(_outLen));
            _outLen += len;
            _lastChar = _s[start + len - 1];
        }

        private void PutInt(int v)
        {
            Span<byte> digits = stackalloc byte[12];
            int i = digits.Length;
            do { digits[--i] = (byte)('0' + v % 10); v /= 10; } while (v > 0);
            foreach (byte b in digits[i..]) Put((char)b);
        }

        private byte Last => _lastChar;

        private void Print(int n)
        {
            PrintLeft(n);
            PrintRight(n);
        }

        private bool EnterPrint()
        {
            if (_overflow) return false;
            // Pack expansions can repeat patterns that print nothing, which the output cap cannot see.
            if (++_printWork > MaxPrintWork) { _overflow = true; return false; }
            if (++_printDepth > MaxPrintDepth) { _overflow = true; _printDepth--; return false; }
            return true;
        }

        // c++filt's list rule, quirks included: ", " goes before every element after the first and is
        // taken back only when everything after it printed nothing (empty packs at the end), while the
        // "last character" it tests before '>' keeps remembering the removed space.
        private void PrintList(int start, int count)
        {
            if (count == 0) return;
            int mark = _stackTop;
            Print(_lists[start]);
            for (int i = 1; i < count && !_overflow; i++)
            {
                Push(_outLen);
                Put(", ");
                Print(_lists[start + i]);
            }
            while (_stackTop > mark)
            {
                int comma = _stack[--_stackTop];
                if (_outLen != comma + 2) break;
                _outLen = comma;
            }
            _stackTop = mark;
        }

        private void PutQuals(int q)
        {
            if ((q & QConst) != 0) Put(" const");
            if ((q & QVolatile) != 0) Put(" volatile");
            if ((q & QRestrict) != 0) Put(" restrict");
            if ((q & RefL) != 0) Put(" &");
            if ((q & RefR) != 0) Put(" &&");
        }

        private int Resolve(int n)
        {
            int depth = _ctxDepth;
            for (int guard = 0; guard < MaxPrintDepth; guard++)
            {
                ref var node = ref _nodes[n];
                if (node.Kind == K.TParam)
                {
                    if (depth == 0 || node.A >= _ctxCount[depth - 1]) return n;
                    depth--;
                    n = _lists[_ctxStart[depth] + node.A];
                    continue;
                }
                if (node.Kind == K.Pack && _activePack == n && _activeIndex < node.C) return _lists[node.B + _activeIndex];
                return n;
            }
            return n;
        }

        // The template whose arguments T_ means while printing an encoding (c++filt's rule).
        private bool TemplateArgsOf(int name, out int start, out int count)
        {
            start = count = 0;
            for (int guard = 0; guard < 64; guard++)
            {
                ref var node = ref _nodes[name];
                if (node.Kind == K.Local) { name = node.B; continue; }
                if (node.Kind != K.Template) return false;
                start = node.B;
                count = node.C;
                return true;
            }
            return false;
        }

        private bool PushContext(int encoding)
        {
            if (!TemplateArgsOf(_nodes[encoding].B, out int start, out int count)) return false;
            if (_ctxDepth == _ctxStart.Length)
            {
                Array.Resize(ref _ctxStart, _ctxDepth * 2);
                Array.Resize(ref _ctxCount, _ctxDepth * 2);
                Array.Resize(ref _ctxOwner, _ctxDepth * 2);
            }
            _ctxStart[_ctxDepth] = start;
            _ctxCount[_ctxDepth] = count;
            _ctxOwner[_ctxDepth] = _nodes[encoding].E;
            _ctxDepth++;
            return true;
        }

        // A parameter prints its argument in the context of the next outer template, since the argument
        // may itself mention an outer template's parameters.
        private void PrintParam(int n, bool left)
        {
            int index = _nodes[n].A;
            // A T_ carried by a substitution out of the function that owns it resolves, in c++filt,
            // by rules we do not reproduce; refuse rather than guess.
            if (_ctxDepth == 0 || index >= _ctxCount[_ctxDepth - 1] || _ctxOwner[_ctxDepth - 1] != _nodes[n].B)
            {
                _overflow = true;
                return;
            }
            int arg = _lists[_ctxStart[_ctxDepth - 1] + index];
            int savedStart = _ctxStart[_ctxDepth - 1], savedCount = _ctxCount[_ctxDepth - 1];
            int savedOwner = _ctxOwner[_ctxDepth - 1];
            _ctxDepth--;
            if (left) PrintLeft(arg);
            else PrintRight(arg);
            // A nested encoding may have reused the slot while we were below it.
            _ctxStart[_ctxDepth] = savedStart;
            _ctxCount[_ctxDepth] = savedCount;
            _ctxOwner[_ctxDepth] = savedOwner;
            _ctxDepth++;
        }

        // A reference to a reference (only reachable through template arguments) collapses: && && is
        // &&, any other mix is &.
        private K Collapse(K kind, ref int target)
        {
            if (kind == K.Ptr) return kind;
            for (int guard = 0; guard < MaxPrintDepth; guard++)
            {
                int t = Resolve(target);
                K inner = _nodes[t].Kind;
                if (inner != K.LRef && inner != K.RRef) break;
                kind = kind == K.RRef && inner == K.RRef ? K.RRef : K.LRef;
                target = _nodes[t].A;
            }
            return kind;
        }

        private bool HasFunction(int n) => IsUnderQualifiers(n, K.Func);

        private bool HasArray(int n) => IsUnderQualifiers(n, K.Array);

        /// <summary>Whether the type, looking through cv-qualifiers, is of <paramref name="kind"/>.</summary>
        private bool IsUnderQualifiers(int n, K kind)
        {
            for (int guard = 0; guard < MaxPrintDepth; guard++)
            {
                n = Resolve(n);
                ref var node = ref _nodes[n];
                if (node.Kind == kind) return true;
                if (node.Kind != K.Qual) return false;
                n = node.A;
            }
            return false;
        }

        private bool HasRight(int n)
        {
            for (int guard = 0; guard < MaxPrintDepth; guard++)
            {
                n = Resolve(n);
                ref var node = ref _nodes[n];
                switch (node.Kind)
                {
                    case K.Func:
                    case K.Array:
                        return true;
                    case K.Qual:
                    case K.Ptr:
                    case K.LRef:
                    case K.RRef:
                        n = node.A;
                        break;
                    case K.PtrMem:
                        n = node.B;
                        break;
                    default:
                        return false;
                }
            }
            return false;
        }

        private void PrintLeft(int n)
        {
            if (!EnterPrint()) return;
            if (_nodes[n].Kind == K.TParam)
            {
                PrintParam(n, true);
                _printDepth--;
                return;
            }
            n = Resolve(n);
            // Printing creates no nodes, so the reference stays valid.
            ref readonly Node node = ref _nodes[n];
            switch (node.Kind)
            {
                case K.Src:
                    if (node.Flags == 1) Put("(anonymous namespace)");
                    else PutSpan(node.A, node.B);
                    break;
                case K.Text:
                    Put(node.Text!);
                    break;
                case K.Nested:
                    Print(node.A);
                    Put("::");
                    Print(node.B);
                    break;
                case K.Template:
                    Print(node.A);
                    if (Last == '<') Put(' ');
                    Put('<');
                    PrintList(node.B, node.C);
                    if (Last == '>') Put(' ');
                    Put('>');
                    break;
                case K.Tagged:
                    Print(node.A);
                    Put("[abi:");
                    PutSpan(node.B, node.C);
                    Put(']');
                    break;
                case K.Ctor:
                    Print(node.A);
                    break;
                case K.Dtor:
                    Put('~');
                    Print(node.A);
                    break;
                case K.Op:
                    Put("operator");
                    if (node.A >= 0)
                    {
                        Put(node.Text!);
                        Print(node.A);
                    }
                    else
                    {
                        if (node.Text![0] >= 'a' && node.Text[0] <= 'z') Put(' ');
                        Put(node.Text);
                    }
                    break;
                case K.ConvOp:
                    Put("operator ");
                    Print(node.A);
                    break;
                case K.Qual:
                    {
                        // A qualifier the substituted type already carries is not printed twice.
                        int inner = Resolve(node.A);
                        int flags = node.Flags;
                        if (_nodes[inner].Kind == K.Qual) flags &= ~_nodes[inner].Flags;
                        PrintLeft(node.A);
                        PutQuals(flags);
                        break;
                    }
                case K.Ptr:
                case K.LRef:
                case K.RRef:
                    {
                        int target = node.A;
                        K kind = Collapse(node.Kind, ref target);
                        PrintLeft(target);
                        bool arr = HasArray(target);
                        if (arr) Put(' ');
                        if (arr || HasFunction(target)) Put('(');
                        Put(kind == K.Ptr ? "*" : kind == K.LRef ? "&" : "&&");
                        break;
                    }
                case K.Func:
                    // A return type that is itself a function pointer wraps this type's parameters:
                    // `R (*(params))(rparams)`, no space.
                    PrintLeft(node.A);
                    if (!HasRight(node.A)) Put(' ');
                    break;
                case K.Encoding:
                    {
                        bool pushed = PushContext(n);
                        if (node.A >= 0)
                        {
                            PrintLeft(node.A);
                            if (!HasRight(node.A)) Put(' ');
                        }
                        Print(node.B);
                        if (pushed) _ctxDepth--;
                        break;
                    }
                case K.Array:
                    PrintLeft(node.A);
                    break;
                case K.PtrMem:
                    PrintLeft(node.B);
                    if (HasArray(node.B) || HasFunction(node.B)) Put('(');
                    else Put(' ');
                    Print(node.A);
                    Put("::*");
                    break;
                case K.Special:
                    Put(node.Text!);
                    Print(node.A);
                    break;
                case K.Postfix:
                    PrintLeft(node.A);
                    Put(node.Text!);
                    break;
                case K.AddressOf:
                    {
                        int target = Resolve(node.A);
                        ref readonly Node t = ref _nodes[target];
                        if (t.Kind == K.Encoding && _nodes[t.B].Kind == K.Nested && t.Flags == 0)
                        {
                            // c++filt writes the address of a qualified, non-template, unqualified-this
                            // function as a pointer to member: the name alone.
                            Put('&');
                            Print(t.B);
                            break;
                        }
                        // Otherwise the operand is parenthesised unless it is a plain or qualified name.
                        bool simple = t.Kind is K.Src or K.Nested;
                        Put('&');
                        if (!simple) Put('(');
                        Print(node.A);
                        if (!simple) Put(')');
                        break;
                    }
                case K.CtorVtable:
                    Put("construction vtable for ");
                    Print(node.B);
                    Put("-in-");
                    Print(node.A);
                    break;
                case K.Local:
                    Print(node.A);
                    Put("::");
                    Print(node.B);
                    break;
                case K.Lambda:
                    Put("{lambda(");
                    PrintList(node.B, node.C);
                    Put(")#");
                    PutInt(node.A);
                    Put('}');
                    break;
                case K.Unnamed:
                    Put("{unnamed type#");
                    PutInt(node.A);
                    Put('}');
                    break;
                case K.Literal:
                    PrintLiteral(in node);
                    break;
                case K.Pack:
                    PrintList(node.B, node.C);
                    break;
                case K.Expansion:
                    PrintExpansion(node.A);
                    break;
                case K.Clone:
                    Print(node.A);
                    Put(" [clone ");
                    PutSpan(node.B, node.C);
                    Put(']');
                    break;
            }
            _printDepth--;
        }

        private void PrintRight(int n)
        {
            if (!EnterPrint()) return;
            if (_nodes[n].Kind == K.TParam)
            {
                PrintParam(n, false);
                _printDepth--;
                return;
            }
            n = Resolve(n);
            // Printing creates no nodes, so the reference stays valid.
            ref readonly Node node = ref _nodes[n];
            switch (node.Kind)
            {
                case K.Qual:
                case K.Postfix:
                    PrintRight(node.A);
                    break;
                case K.Ptr:
                case K.LRef:
                case K.RRef:
                    {
                        int target = node.A;
                        Collapse(node.Kind, ref target);
                        if (HasArray(target) || HasFunction(target)) Put(')');
                        PrintRight(target);
                        break;
                    }
                case K.Func:
                    Put('(');
                    PrintList(node.C, node.D);
                    Put(')');
                    PrintRight(node.A);
                    PutQuals(node.Flags);
                    if ((node.Flags & NoExcept) != 0) Put(" noexcept");
                    break;
                case K.Encoding:
                    {
                        bool pushed = PushContext(n);
                        Put('(');
                        PrintList(node.C, node.D);
                        Put(')');
                        PutQuals(node.Flags);
                        if (node.A >= 0) PrintRight(node.A);
                        if (pushed) _ctxDepth--;
                        break;
                    }
                case K.Array:
                    if (Last != ']') Put(' ');
                    Put('[');
                    if (node.D >= 0) Print(node.D);
                    else PutSpan(node.B, node.C);
                    Put(']');
                    PrintRight(node.A);
                    break;
                case K.PtrMem:
                    if (HasArray(node.B) || HasFunction(node.B)) Put(')');
                    PrintRight(node.B);
                    break;
            }
            _printDepth--;
        }

        private void PrintLiteral(in Node node)
        {
            ref var type = ref _nodes[Resolve(node.A)];
            int pk = type.Kind == K.Text ? type.Flags : PkDefault;
            bool neg = node.Flags != 0;
            if (pk is PkInt or PkUnsigned or PkLong or PkULong or PkLongLong or PkULongLong && node.C > 0)
            {
                if (neg) Put('-');
                PutSpan(node.B, node.C);
                Put(pk switch { PkUnsigned => "u", PkLong => "l", PkULong => "ul", PkLongLong => "ll", PkULongLong => "ull", _ => "" });
                return;
            }
            if (pk == PkBool && !neg && node.C == 1 && (_s[node.B] == '0' || _s[node.B] == '1'))
            {
                Put(_s[node.B] == '0' ? "false" : "true");
                return;
            }
            Put('(');
            Print(node.A);
            Put(')');
            if (neg) Put('-');
            if (pk == PkFloat) Put('[');
            PutSpan(node.B, node.C);
            if (pk == PkFloat) Put(']');
        }

        // A pack expansion prints its pattern once per element of the pack the pattern mentions.
        private void PrintExpansion(int pattern)
        {
            int visits = 0;
            int pack = FindPack(pattern, 0, ref visits);
            if (pack < 0)
            {
                Print(pattern);
                Put("...");
                return;
            }
            int savedPack = _activePack, savedIndex = _activeIndex;
            int count = _nodes[pack].C;
            for (int i = 0; i < count && !_overflow; i++)
            {
                _activePack = pack;
                _activeIndex = i;
                if (i > 0) Put(", ");
                Print(pattern);
            }
            _activePack = savedPack;
            _activeIndex = savedIndex;
        }

        private int FindPack(int n, int depth, ref int visits)
        {
            if (n < 0 || depth > MaxPrintDepth || ++visits > 4096) return -1;
            ref var node = ref _nodes[n];
            switch (node.Kind)
            {
                case K.Pack: return n;
                case K.TParam:
                    {
                        int arg = Resolve(n);
                        return arg == n ? -1 : FindPack(arg, depth + 1, ref visits);
                    }
                case K.Qual:
                case K.Ptr:
                case K.LRef:
                case K.RRef:
                case K.Array:
                    return FindPack(node.A, depth + 1, ref visits);
                case K.PtrMem:
                    {
                        int r = FindPack(node.A, depth + 1, ref visits);
                        return r >= 0 ? r : FindPack(node.B, depth + 1, ref visits);
                    }
                case K.Template:
                    {
                        int r = FindPack(node.A, depth + 1, ref visits);
                        for (int i = 0; r < 0 && i < node.C; i++) r = FindPack(_lists[node.B + i], depth + 1, ref visits);
                        return r;
                    }
                case K.Func:
                    {
                        int r = FindPack(node.A, depth + 1, ref visits);
                        for (int i = 0; r < 0 && i < node.D; i++) r = FindPack(_lists[node.C + i], depth + 1, ref visits);
                        return r;
                    }
                case K.Nested:
                    {
                        int r = FindPack(node.A, depth + 1, ref visits);
                        return r >= 0 ? r : FindPack(node.B, depth + 1, ref visits);
                    }
                default: return -1;
            }
        }
    }
}
