// ScriptParser, part three: the expression language. C's operators with C's precedence (as GNU ld's grammar
// has them), from the conditional down to unary - ~ !, over numbers, symbols, `.` and the built-in functions.
namespace Wild.Engine.Scripts;

internal sealed partial class ScriptParser
{
    /// <summary>Binary operators, loosest first; each level is left-associative.</summary>
    private static readonly string[][] Levels =
    [
        ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "!="], ["<", "<=", ">", ">="], ["<<", ">>"], ["+", "-"], ["*", "/", "%"],
    ];

    internal ScriptExpression ParseExpression()
    {
        if (++_depth > MaxExpressionDepth) throw Here.Error($"expression nested more than {MaxExpressionDepth} deep");
        try
        {
            var cond = ParseBinary(0);
            var q = Peek();
            if (!q.Is("?")) return cond;
            Next();
            var whenTrue = ParseExpression();
            Expect(":", "in a conditional expression");
            var whenFalse = ParseExpression();
            return new ConditionalExpression(At(q), cond, whenTrue, whenFalse);
        }
        finally { _depth--; }
    }

    private ScriptExpression ParseBinary(int level)
    {
        if (level == Levels.Length) return ParseUnary();
        var left = ParseBinary(level + 1);
        while (true)
        {
            var t = Peek();
            if (t.Kind != ScriptTokenKind.Operator || Array.IndexOf(Levels[level], t.Text) < 0) return left;
            Next();
            left = new BinaryExpression(At(t), t.Text, left, ParseBinary(level + 1));
        }
    }

    private ScriptExpression ParseUnary()
    {
        var t = Peek();
        if (t.Kind == ScriptTokenKind.Operator && t.Text is "-" or "~" or "!" or "+")
        {
            Next();
            if (++_depth > MaxExpressionDepth) throw At(t).Error($"expression nested more than {MaxExpressionDepth} deep");
            try
            {
                var operand = ParseUnary();
                return t.Text == "+" ? operand : new UnaryExpression(At(t), t.Text, operand);
            }
            finally { _depth--; }
        }
        return ParsePrimary();
    }

    private ScriptExpression ParsePrimary()
    {
        var t = Next();
        var pos = At(t);
        switch (t.Kind)
        {
            case ScriptTokenKind.Number:
                return new NumberExpression(pos, t.Number);
            case ScriptTokenKind.String:
                return new SymbolExpression(pos, t.Text);
            case ScriptTokenKind.Operator when t.Text == "(":
            {
                var inner = ParseExpression();
                Expect(")", "to close '('");
                return inner;
            }
            case ScriptTokenKind.Word:
                if (t.Text == ".") return new DotExpression(pos);
                if (t.Text == "SIZEOF_HEADERS") return new CallExpression(pos, t.Text, []);
                if (ScriptFunctions.All.TryGetValue(t.Text, out var arities) && Peek().Is("("))
                    return ParseCall(t.Text, pos, arities);
                return new SymbolExpression(pos, t.Text);
            default:
                throw pos.Error(t.IsEnd ? "expected an expression, found end of file" : $"expected an expression, found '{t.Text}'");
        }
    }

    private CallExpression ParseCall(string name, ScriptPosition pos, int[] arities)
    {
        Expect("(", "after " + name);
        var args = new List<ScriptExpression>();
        if (!Peek().Is(")"))
        {
            while (true)
            {
                if (ScriptFunctions.TakesName(name))
                {
                    // A section, region, symbol or constant name: section names may hold characters (such as
                    // '-') that expressions do not, so read a pattern-mode word up to ')'.
                    var n = Next(LexMode.Pattern);
                    if (n.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw At(n).Error($"expected a name in {name}(), found {Describe(n)}");
                    args.Add(new SymbolExpression(At(n), n.Text));
                }
                else if ((name == "SEGMENT_START" && args.Count == 0) || (name == "ASSERT" && args.Count == 1))
                {
                    var s = Next(LexMode.Pattern);
                    if (s.Kind is not (ScriptTokenKind.Word or ScriptTokenKind.String)) throw At(s).Error($"expected a name in {name}(), found {Describe(s)}");
                    args.Add(new StringExpression(At(s), s.Text));
                }
                else args.Add(ParseExpression());
                if (!Accept(",")) break;
            }
        }
        Expect(")", $"to close {name}(");
        if (Array.IndexOf(arities, args.Count) < 0)
            throw pos.Error($"{name} takes {string.Join(" or ", arities)} argument{(arities[^1] == 1 ? "" : "s")}, not {args.Count}");
        if (name == "CONSTANT" && args[0] is SymbolExpression { Name: not ("MAXPAGESIZE" or "COMMONPAGESIZE") } c)
            throw c.Position.Error($"unknown constant '{c.Name}' (CONSTANT takes MAXPAGESIZE or COMMONPAGESIZE)");
        return new CallExpression(pos, name, args);
    }
}
