// The value of --defsym NAME=EXPR: numbers and symbol names joined by + and -, the part of GNU ld's expression
// language builds use (a=0x1000, a=b, a=b+0x10, a=end-start). Resolution reads which symbols it names (each is
// referenced, and must be defined); SymbolAddresses evaluates it once every address is known. Anything else
// (parentheses, *, functions such as ADDR) is refused by name rather than guessed at.
using System.Globalization;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Resolution;

internal sealed class DefSymExpression
{
    private readonly record struct Term(string? Symbol, ulong Number, bool Negative);

    private readonly Term[] _terms;

    private DefSymExpression(Term[] terms) => _terms = terms;

    /// <summary>The symbols the expression names, in order.</summary>
    public IEnumerable<string> Symbols => _terms.Where(t => t.Symbol is not null).Select(t => t.Symbol!);

    /// <summary>Whether the value is a symbol's address plus a constant, so it moves with that symbol's section (a
    /// PIE relocates it); sums and differences of several symbols, and plain numbers, are absolute.</summary>
    public bool IsRelative => _terms.Count(t => t.Symbol is not null) == 1 && _terms.Single(t => t.Symbol is not null).Negative == false;

    /// <summary>The symbol of a relative value (a=b, a=b+4), whose type GNU ld gives the defined symbol; else null.</summary>
    public string? BaseSymbol => IsRelative ? _terms.Single(t => t.Symbol is not null).Symbol : null;

    /// <summary>a=b, nothing added: GNU ld also puts the defined symbol in b's section (with a constant added, it is
    /// absolute in .symtab).</summary>
    public bool IsPlainAlias => _terms.Length == 1 && _terms[0].Symbol is not null && !_terms[0].Negative;

    /// <summary>The value when the expression names no symbol.</summary>
    public ulong? Constant => _terms.All(t => t.Symbol is null) ? Evaluate(_ => 0) : null;

    public ulong Evaluate(Func<string, ulong> valueOf)
    {
        ulong sum = 0;
        foreach (var t in _terms)
        {
            ulong v = t.Symbol is null ? t.Number : valueOf(t.Symbol);
            sum = t.Negative ? sum - v : sum + v;
        }
        return sum;
    }

    public static DefSymExpression Parse(string name, string text)
    {
        var terms = new List<Term>();
        int i = 0;
        bool negative = false, expectTerm = true;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '+' or '-')
            {
                if (expectTerm && terms.Count > 0) throw Unsupported(name, text);
                if (c == '-') negative = !negative;
                expectTerm = true;
                i++;
                continue;
            }
            if (!expectTerm) throw Unsupported(name, text);
            int start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('+' or '-')) i++;
            string token = text[start..i];
            if (TryParseNumber(token, out ulong number)) terms.Add(new(null, number, negative));
            else if (IsSymbolName(token)) terms.Add(new(token, 0, negative));
            else throw Unsupported(name, text);
            negative = false;
            expectTerm = false;
        }
        if (expectTerm) throw Unsupported(name, text);
        return new DefSymExpression([.. terms]);
    }

    private static LinkException Unsupported(string name, string text) =>
        new(ErrorId.InvalidOption, $"--defsym {name}={text}: unsupported expression (numbers and symbol names joined by + and - are)");

    /// <summary>Decimal, or hexadecimal with 0x, as the CLI writes numbers for the engine.</summary>
    private static bool TryParseNumber(string value, out ulong number)
    {
        bool hex = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        return ulong.TryParse(hex ? value[2..] : value, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsSymbolName(string s) =>
        s.Length > 0 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '$' or '@');
}
