// Tokenizer for GNU ld linker scripts. Stateless over the text: Lex(position, mode) returns the token starting at
// or after a position, so the parser can look ahead and re-read the same characters in another mode (GNU ld's own
// lexer switches states the same way: `*(.text.*)` is one pattern, `.+4` is three expression tokens). Positions
// become line:column only when a message needs one. Comments are /* */ (and # lines, as lld accepts).
namespace Wild.Engine.Scripts;

internal enum LexMode
{
    /// <summary>Expressions: numbers (0x, octal, K/M suffixes), names of [A-Za-z0-9_.$], C operators.</summary>
    Expression,
    /// <summary>File names, section names and globs: anything up to white space or one of (){};,"</summary>
    Pattern,
}

internal sealed class ScriptLexer
{
    private readonly string _text;
    private readonly int[] _lineStarts;

    public ScriptLexer(string file, string text)
    {
        File = file;
        _text = text;
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
            if (text[i] == '\n') starts.Add(i + 1);
        _lineStarts = [.. starts];
    }

    public string File { get; }
    public string Text => _text;

    public ScriptPosition PositionOf(int offset)
    {
        int line = Array.BinarySearch(_lineStarts, offset);
        if (line < 0) line = ~line - 1;
        return new ScriptPosition(File, line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>Skips white space and comments from <paramref name="i"/>.</summary>
    public int SkipBlank(int i)
    {
        while (i < _text.Length)
        {
            char c = _text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '/' && i + 1 < _text.Length && _text[i + 1] == '*')
            {
                int end = _text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) throw PositionOf(i).Error("unclosed comment");
                i = end + 2;
                continue;
            }
            if (c == '#')
            {
                int end = _text.IndexOf('\n', i);
                i = end < 0 ? _text.Length : end + 1;
                continue;
            }
            break;
        }
        return i;
    }

    private static readonly string[] Operators =
    [
        "<<=", ">>=", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=", "&=", "|=", "^=",
        "+", "-", "*", "/", "%", "<", ">", "&", "|", "^", "!", "~", "?", ":", "=", "(", ")", "{", "}", ";", ",",
    ];

    public ScriptToken Lex(int i, LexMode mode)
    {
        i = SkipBlank(i);
        if (i >= _text.Length) return new ScriptToken(ScriptTokenKind.End, "", i, i);
        char c = _text[i];
        if (c == '"')
        {
            int end = _text.IndexOf('"', i + 1);
            if (end < 0) throw PositionOf(i).Error("unterminated string");
            return new ScriptToken(ScriptTokenKind.String, _text[(i + 1)..end], i, end + 1);
        }
        if (mode == LexMode.Pattern)
        {
            if (c is '(' or ')' or '{' or '}' or ';' or ',')
                return new ScriptToken(ScriptTokenKind.Operator, c.ToString(), i, i + 1);
            int start = i;
            while (i < _text.Length && !char.IsWhiteSpace(_text[i]) && _text[i] is not ('(' or ')' or '{' or '}' or ';' or ',' or '"')
                   && !(_text[i] == '/' && i + 1 < _text.Length && _text[i + 1] == '*' && i > start))
                i++;
            return new ScriptToken(ScriptTokenKind.Word, _text[start..i], start, i);
        }
        if (char.IsAsciiDigit(c)) return LexNumber(i);
        if (IsNameChar(c))
        {
            int start = i;
            while (i < _text.Length && IsNameChar(_text[i])) i++;
            return new ScriptToken(ScriptTokenKind.Word, _text[start..i], start, i);
        }
        foreach (var op in Operators)
            if (string.CompareOrdinal(_text, i, op, 0, op.Length) == 0)
                return new ScriptToken(ScriptTokenKind.Operator, op, i, i + op.Length);
        // Not an expression character: the parser says what it expected instead.
        return new ScriptToken(ScriptTokenKind.Operator, c.ToString(), i, i + 1);
    }

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$';

    /// <summary>GNU ld numbers: 0x/0X hex, a leading 0 for octal, decimal, and a K (x1024) or M (x1024x1024) suffix;
    /// also the h/o/b/d radix suffixes ld accepts (0FFh).</summary>
    private ScriptToken LexNumber(int i)
    {
        int start = i;
        while (i < _text.Length && (char.IsAsciiLetterOrDigit(_text[i]) || _text[i] == '_')) i++;
        string text = _text[start..i];
        var pos = PositionOf(start);
        string digits = text;
        ulong multiplier = 1;
        if (digits.Length > 1 && digits[^1] is 'K' or 'k' && !IsHexPrefixed(digits)) { multiplier = 1024; digits = digits[..^1]; }
        else if (digits.Length > 1 && digits[^1] is 'M' or 'm' && !IsHexPrefixed(digits)) { multiplier = 1024 * 1024; digits = digits[..^1]; }
        int radix = 10;
        if (IsHexPrefixed(digits)) { radix = 16; digits = digits[2..]; }
        else if (digits.Length > 1 && digits[^1] is 'h' or 'H') { radix = 16; digits = digits[..^1]; }
        else if (digits.Length > 1 && digits[^1] is 'o' or 'O' or 'q' or 'Q') { radix = 8; digits = digits[..^1]; }
        else if (digits.Length > 1 && digits[0] == '0') { radix = 8; digits = digits[1..]; }
        // A hex number may carry K/M after its digits too (0x10K): GNU ld reads the suffix after any radix.
        if (radix == 16 && multiplier == 1 && digits.Length > 1 && digits[^1] is 'K' or 'M' && IsHexPrefixed(text))
        {
            multiplier = digits[^1] == 'K' ? 1024UL : 1024UL * 1024;
            digits = digits[..^1];
        }
        if (digits.Length == 0) throw pos.Error($"invalid number '{text}'");
        ulong value = 0;
        foreach (char d in digits)
        {
            int v = char.IsAsciiDigit(d) ? d - '0' : char.IsAsciiHexDigitLower(d) ? d - 'a' + 10 : char.IsAsciiHexDigitUpper(d) ? d - 'A' + 10 : 99;
            if (v >= radix) throw pos.Error($"invalid number '{text}'");
            ulong next = unchecked(value * (ulong)radix + (ulong)v);
            if (next / (ulong)radix != value && value != 0) throw pos.Error($"number '{text}' does not fit in 64 bits");
            value = next;
        }
        return new ScriptToken(ScriptTokenKind.Number, text, start, i, unchecked(value * multiplier));
    }

    private static bool IsHexPrefixed(string s) => s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X';
}
