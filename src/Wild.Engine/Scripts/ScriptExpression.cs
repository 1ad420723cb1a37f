// The expression tree of GNU ld's script language: numbers, symbols, the location counter `.`, C's unary, binary
// and conditional operators, and the built-in functions (ADDR, ALIGN, SIZEOF, DATA_SEGMENT_ALIGN...). Built by
// ScriptParser; ScriptEvaluator gives it a value once the layout knows addresses.
namespace Wild.Engine.Scripts;

public abstract record ScriptExpression(ScriptPosition Position);

internal sealed record NumberExpression(ScriptPosition Position, ulong Value) : ScriptExpression(Position);

internal sealed record SymbolExpression(ScriptPosition Position, string Name) : ScriptExpression(Position);

/// <summary>The location counter, `.`.</summary>
internal sealed record DotExpression(ScriptPosition Position) : ScriptExpression(Position);

/// <summary>A quoted string argument (SEGMENT_START's segment name, ASSERT's message).</summary>
internal sealed record StringExpression(ScriptPosition Position, string Value) : ScriptExpression(Position);

/// <summary>-x, ~x, !x.</summary>
internal sealed record UnaryExpression(ScriptPosition Position, string Operator, ScriptExpression Operand) : ScriptExpression(Position);

internal sealed record BinaryExpression(ScriptPosition Position, string Operator, ScriptExpression Left, ScriptExpression Right)
    : ScriptExpression(Position);

internal sealed record ConditionalExpression(ScriptPosition Position, ScriptExpression Condition, ScriptExpression WhenTrue,
    ScriptExpression WhenFalse) : ScriptExpression(Position);

/// <summary>A built-in function; <see cref="Name"/> is one of <see cref="ScriptFunctions.All"/>. Arguments that name a
/// section, region or symbol (ADDR(.text), ORIGIN(rom), DEFINED(sym)) are SymbolExpressions.</summary>
internal sealed record CallExpression(ScriptPosition Position, string Name, IReadOnlyList<ScriptExpression> Arguments)
    : ScriptExpression(Position);

internal static class ScriptFunctions
{
    /// <summary>Every function name with the numbers of arguments it takes.</summary>
    public static readonly IReadOnlyDictionary<string, int[]> All = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["ABSOLUTE"] = [1], ["ADDR"] = [1], ["ALIGN"] = [1, 2], ["ALIGNOF"] = [1], ["BLOCK"] = [1], ["CONSTANT"] = [1],
        ["DATA_SEGMENT_ALIGN"] = [2], ["DATA_SEGMENT_END"] = [1], ["DATA_SEGMENT_RELRO_END"] = [2], ["DEFINED"] = [1],
        ["LENGTH"] = [1], ["LOADADDR"] = [1], ["LOG2CEIL"] = [1], ["MAX"] = [2], ["MIN"] = [2], ["NEXT"] = [1],
        ["ORIGIN"] = [1], ["SEGMENT_START"] = [2], ["SIZEOF"] = [1], ["SIZEOF_HEADERS"] = [0], ["ASSERT"] = [2],
    };

    /// <summary>Functions whose argument is a name (of a section, region, symbol or constant), not an expression.</summary>
    internal static bool TakesName(string function) =>
        function is "ADDR" or "ALIGNOF" or "DEFINED" or "LENGTH" or "LOADADDR" or "ORIGIN" or "SIZEOF" or "CONSTANT";
}
