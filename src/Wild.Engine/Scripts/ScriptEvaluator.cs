// Gives a script expression its value at one point of the layout walk: the location counter, the sections
// placed so far, the symbols assigned so far, MEMORY regions and the page sizes come from an IScriptEnvironment.
// Arithmetic is 64-bit unsigned and wraps, as in GNU ld; division by zero is an error at the expression. A
// value is absolute (a number) or an address (it involves `.`, a section or a symbol that is an address);
// ABSOLUTE() makes it a number. The symbol table uses that to give a script symbol a section or SHN_ABS.
namespace Wild.Engine.Scripts;

internal readonly record struct ScriptValue(ulong Value, bool Absolute);

internal interface IScriptEnvironment
{
    /// <summary>The location counter; throws (at the position) where it has no meaning.</summary>
    ulong Dot(ScriptPosition at);
    /// <summary>A placed output section's address, load address, size and alignment; false if it is not in the output.</summary>
    bool TrySection(string name, out ulong address, out ulong loadAddress, out ulong size, out ulong align);
    /// <summary>A symbol's value if it is known at this point of the walk (throws, naming it, if it can never be).</summary>
    ScriptValue Symbol(string name, ScriptPosition at);
    bool IsDefined(string name);
    MemoryRegion? Region(string name);
    ulong SizeOfHeaders { get; }
    ulong MaxPageSize { get; }
    ulong CommonPageSize { get; }
    /// <summary>-Ttext-segment and friends for SEGMENT_START; null when the command line did not set the segment.</summary>
    ulong? SegmentStart(string segment);

    /// <summary>DATA_SEGMENT_ALIGN's value at the location counter. Without a layout walk that tracks the data
    /// segment, GNU ld's first formula: the next page plus the counter's offset in its page.</summary>
    ulong DataSegmentAlign(ulong maxPageSize, ulong commonPageSize, ScriptPosition at)
    {
        ulong dot = Dot(at);
        return unchecked(ScriptEvaluator.AlignUp(dot, maxPageSize, at) + (dot & (maxPageSize - 1)));
    }

    /// <summary>DATA_SEGMENT_RELRO_END(offset, exp)'s value: exp, unless the walk moves it so that relro ends on a page.</summary>
    ulong DataSegmentRelroEnd(ulong offset, ulong exp) => exp;

    /// <summary>DATA_SEGMENT_END(exp)'s value: exp (the walk notes where the data segment ends).</summary>
    ulong DataSegmentEnd(ulong exp) => exp;
}

internal static class ScriptEvaluator
{
    public static ulong Evaluate(ScriptExpression e, IScriptEnvironment env) => Value(e, env).Value;

    public static ScriptValue Value(ScriptExpression e, IScriptEnvironment env)
    {
        switch (e)
        {
            case NumberExpression n: return new(n.Value, true);
            case DotExpression d: return new(env.Dot(d.Position), false);
            case SymbolExpression s: return env.Symbol(s.Name, s.Position);
            case StringExpression s: throw s.Position.Error($"a string (\"{s.Value}\") is not a value");
            case UnaryExpression u:
            {
                var v = Value(u.Operand, env);
                ulong r = u.Operator switch { "-" => unchecked(0 - v.Value), "~" => ~v.Value, _ => v.Value == 0 ? 1UL : 0 };
                return new(r, v.Absolute || u.Operator == "!");
            }
            case BinaryExpression b:
            {
                // && and || evaluate their right side only when needed, as in C.
                if (b.Operator is "&&" or "||")
                {
                    bool left = Value(b.Left, env).Value != 0;
                    if (b.Operator == "&&" ? !left : left) return new(left ? 1UL : 0, true);
                    return new(Value(b.Right, env).Value != 0 ? 1UL : 0, true);
                }
                var l = Value(b.Left, env);
                var r = Value(b.Right, env);
                ulong x = l.Value, y = r.Value;
                ulong result = b.Operator switch
                {
                    "+" => unchecked(x + y),
                    "-" => unchecked(x - y),
                    "*" => unchecked(x * y),
                    "/" => y == 0 ? throw b.Position.Error("division by zero") : x / y,
                    "%" => y == 0 ? throw b.Position.Error("modulo by zero") : x % y,
                    "<<" => y >= 64 ? 0 : x << (int)y,
                    ">>" => y >= 64 ? 0 : x >> (int)y,
                    "<" => x < y ? 1UL : 0,
                    "<=" => x <= y ? 1UL : 0,
                    ">" => x > y ? 1UL : 0,
                    ">=" => x >= y ? 1UL : 0,
                    "==" => x == y ? 1UL : 0,
                    "!=" => x != y ? 1UL : 0,
                    "&" => x & y,
                    "|" => x | y,
                    "^" => x ^ y,
                    _ => throw b.Position.Error($"unknown operator '{b.Operator}'"),
                };
                // An address minus an address is a distance; an address plus or minus a number is an address.
                bool absolute = b.Operator switch
                {
                    "+" => l.Absolute && r.Absolute,
                    "-" => l.Absolute == r.Absolute,
                    "&" or "|" or "^" or "<<" or ">>" or "*" or "/" or "%" => l.Absolute && r.Absolute,
                    _ => true,
                };
                return new(result, absolute);
            }
            case ConditionalExpression c:
                return Value(c.Condition, env).Value != 0 ? Value(c.WhenTrue, env) : Value(c.WhenFalse, env);
            case CallExpression call:
                return Call(call, env);
            default:
                throw e.Position.Error("unknown expression");
        }
    }

    private static ScriptValue Call(CallExpression c, IScriptEnvironment env)
    {
        var args = c.Arguments;
        string NameArg() => ((SymbolExpression)args[0]).Name;
        switch (c.Name)
        {
            case "ABSOLUTE": return Value(args[0], env) with { Absolute = true };
            case "ADDR" or "LOADADDR" or "SIZEOF" or "ALIGNOF":
            {
                string name = NameArg();
                if (!env.TrySection(name, out ulong addr, out ulong lma, out ulong size, out ulong align))
                {
                    // GNU ld: SIZEOF and ALIGNOF of a section not in the output are 0; ADDR of one is an error.
                    if (c.Name is "SIZEOF" or "ALIGNOF") return new(0, true);
                    throw args[0].Position.Error($"{c.Name}: undefined section {name} (not in the output, or not placed yet)");
                }
                return c.Name switch
                {
                    "ADDR" => new(addr, false),
                    "LOADADDR" => new(lma, true),
                    "SIZEOF" => new(size, true),
                    _ => new(align, true),
                };
            }
            case "ALIGN" or "BLOCK":
            {
                if (args.Count == 1)
                {
                    ulong a = Evaluate(args[0], env);
                    return new(AlignUp(env.Dot(c.Position), a, args[0].Position), false);
                }
                var v = Value(args[0], env);
                return v with { Value = AlignUp(v.Value, Evaluate(args[1], env), args[1].Position) };
            }
            case "NEXT":
                return new(AlignUp(env.Dot(c.Position), Evaluate(args[0], env), args[0].Position), false);
            case "CONSTANT":
                return new(NameArg() == "MAXPAGESIZE" ? env.MaxPageSize : env.CommonPageSize, true);
            case "DATA_SEGMENT_ALIGN":
            {
                // The data segment shares no page with the text yet costs no file padding; the walk (GNU ld's
                // dataseg phases) may move it so that PT_GNU_RELRO ends on a page boundary.
                ulong max = Evaluate(args[0], env);
                ulong common = Evaluate(args[1], env);
                if (max == 0 || (max & (max - 1)) != 0) throw args[0].Position.Error($"DATA_SEGMENT_ALIGN: 0x{max:x} is not a power of two");
                return new(env.DataSegmentAlign(max, common, c.Position), false);
            }
            case "DATA_SEGMENT_RELRO_END":
            {
                ulong offset = Evaluate(args[0], env);
                var v = Value(args[1], env);
                return v with { Value = env.DataSegmentRelroEnd(offset, v.Value) };
            }
            case "DATA_SEGMENT_END":
            {
                var v = Value(args[0], env);
                return v with { Value = env.DataSegmentEnd(v.Value) };
            }
            case "DEFINED":
                return new(env.IsDefined(NameArg()) ? 1UL : 0, true);
            case "LENGTH" or "ORIGIN":
            {
                var region = env.Region(NameArg()) ?? throw args[0].Position.Error($"{c.Name}: no memory region named '{NameArg()}'");
                return new(Evaluate(c.Name == "ORIGIN" ? region.Origin : region.Length, env), true);
            }
            case "LOG2CEIL":
            {
                ulong v = Evaluate(args[0], env);
                return new(v <= 1 ? 0UL : (ulong)(64 - System.Numerics.BitOperations.LeadingZeroCount(v - 1)), true);
            }
            case "MAX" or "MIN":
            {
                var a = Value(args[0], env);
                var b = Value(args[1], env);
                return (c.Name == "MAX" ? a.Value >= b.Value : a.Value <= b.Value) ? a : b;
            }
            case "SEGMENT_START":
            {
                string segment = ((StringExpression)args[0]).Value;
                var fallback = Value(args[1], env);
                return env.SegmentStart(segment) is { } v ? new(v, true) : fallback;
            }
            case "SIZEOF_HEADERS":
                return new(env.SizeOfHeaders, true);
            case "ASSERT":
            {
                var v = Value(args[0], env);
                if (v.Value == 0) throw c.Position.Error(((StringExpression)args[1]).Value);
                return v;
            }
            default:
                throw c.Position.Error($"unknown function {c.Name}");
        }
    }

    internal static ulong AlignUp(ulong value, ulong align, ScriptPosition at)
    {
        if (align == 0) return value;
        if ((align & (align - 1)) != 0) throw at.Error($"alignment 0x{align:x} is not a power of two");
        return unchecked((value + align - 1) & ~(align - 1));
    }

    /// <summary>`target op= value` as `target = target op value`.</summary>
    public static ScriptValue Combine(string op, ScriptValue current, ScriptValue value, ScriptPosition at)
    {
        if (op == "=") return value;
        var binary = new BinaryExpression(at, op[..^1], new NumberExpression(at, current.Value), new NumberExpression(at, value.Value));
        var result = Value(binary, NullEnvironment.Instance);
        bool absolute = op == "-=" ? current.Absolute == value.Absolute : current.Absolute && value.Absolute;
        return new(result.Value, absolute);
    }

    /// <summary>For combining two known numbers: nothing else is asked of it.</summary>
    private sealed class NullEnvironment : IScriptEnvironment
    {
        public static readonly NullEnvironment Instance = new();
        public ulong Dot(ScriptPosition at) => throw at.Error("internal error: no location counter here");
        public bool TrySection(string name, out ulong address, out ulong loadAddress, out ulong size, out ulong align) { address = loadAddress = size = align = 0; return false; }
        public ScriptValue Symbol(string name, ScriptPosition at) => throw at.Error("internal error: no symbols here");
        public bool IsDefined(string name) => false;
        public MemoryRegion? Region(string name) => null;
        public ulong SizeOfHeaders => 0;
        public ulong MaxPageSize => 0;
        public ulong CommonPageSize => 0;
        public ulong? SegmentStart(string segment) => null;
    }
}
