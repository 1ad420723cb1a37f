// --defsym NAME=EXPR in a relocatable output (-r): each value placed where the final link will find it. A symbol plus a
// constant (a=b, a=b+4) is defined in b's output section at b's offset plus the constant, with b's type; a number, or
// a sum or difference of several symbols, is absolute (the symbols counted at their offsets, as GNU ld counts them
// in sections at address 0). GNU ld 2.40 writes a=b+4 as an absolute 4, which the final link does not move with b's
// section; lld keeps it section-relative, which stays correct, so that is what is written. RelocatableSymbolPlan
// lists the names; the writer writes the values.
using Wild.Engine.Diagnostics;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Relocatable;

internal sealed class RelocatableDefSym
{
    /// <summary>A --defsym value: <paramref name="Output"/> is the output section (index into the plan's sections) it
    /// lies in, -1 when absolute; <paramref name="Offset"/> its value there; <paramref name="Type"/> its st_type.</summary>
    public readonly record struct Value(int Output, ulong Offset, byte Type);

    private readonly Dictionary<int, Value> _values;

    private RelocatableDefSym(Dictionary<int, Value> values) => _values = values;

    /// <summary>The --defsym value of <paramref name="name"/>, which overrides any object's definition, as in GNU ld.</summary>
    public bool TryGet(NameId name, out Value value) => _values.TryGetValue(name.Value, out value);

    public static RelocatableDefSym Build(SymbolResolution res, RelocatableSectionPlan sections)
    {
        var values = new Dictionary<int, Value>();
        var options = res.Options;
        if (options.DefSym.Count == 0) return new RelocatableDefSym(values);
        var defined = new HashSet<string>(options.DefSym.Select(d => d.Key), StringComparer.Ordinal);
        var expressions = options.DefSym.Select(d => DefSymExpression.Parse(d.Key, d.Value)).ToArray();
        // GNU ld evaluates --defsym as script assignments, in order, over several passes: a name another --defsym
        // assigns has the value of its latest assignment so far (a=x, b=a+4, a=y: b is x+4), and a name assigned only
        // later (b=a, a=foo) the value the previous pass left. Two passes reach what its last pass writes; a name no
        // pass assigned (a=b, b=a) is an absolute 0 there, as GNU ld writes it.
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < expressions.Length; i++)
            {
                var (name, text) = options.DefSym[i];
                var expr = expressions[i];
                int output = -1;
                byte type = STT_NOTYPE;
                bool pending = false;
                string? baseSymbol = expr.BaseSymbol;
                ulong offset = expr.Evaluate(symbol =>
                {
                    Value place;
                    if (defined.Contains(symbol) && values.TryGetValue(res.Db.Lookup(symbol).Value, out var assigned)) place = assigned;
                    else if (defined.Contains(symbol) && !IsDefinedByObject(res, symbol))
                    {
                        pending = true;
                        return 0;
                    }
                    else place = Place(res, sections, name, text, symbol);
                    if (symbol == baseSymbol) (output, type) = (place.Output, place.Type);
                    return place.Offset;
                });
                if (pending && pass == 0) continue;
                values[res.Db.Lookup(name).Value] = pending ? new Value(-1, offset, STT_NOTYPE) : new Value(output, offset, type);
            }
        return new RelocatableDefSym(values);
    }

    private static bool IsDefinedByObject(SymbolResolution res, string symbol)
    {
        var id = res.Db.Lookup(symbol);
        if (id.IsNone) return false;
        var def = res.Definition(id);
        return !def.IsNone && !res.IsSynthetic(def) && !res.Objects[res.Db.FileOf(def)].IsShared;
    }

    /// <summary>Where a symbol an expression names lies in the output: its output section and offset there.</summary>
    private static Value Place(SymbolResolution res, RelocatableSectionPlan sections, string name, string text, string symbol)
    {
        var db = res.Db;
        var id = db.Lookup(symbol);
        var def = id.IsNone ? new SymbolId(-1) : res.Definition(id);
        if (def.IsNone || res.IsSynthetic(def) || res.Objects[db.FileOf(def)].IsShared)
            throw new LinkException(ErrorId.UndefinedSymbol, $"--defsym {name}={text}: undefined symbol `{symbol}' referenced in expression");
        var file = db.FileOf(def);
        int index = def.Value - db.FirstSymbol(file);
        var obj = res.Objects[file];
        ref readonly var sym = ref obj.Symbols[index];
        if (sym.IsAbsolute) return new Value(-1, sym.Value, sym.Type);
        if (sym.IsCommon)
            throw new LinkException(ErrorId.InvalidOption,
                $"--defsym {name}={text}: {symbol} is a common symbol, which has no place before the final link; with -r (relocatable output) this is not implemented");
        int section = obj.SymbolSection(index);
        int output = section == 0 ? -1 : sections.SectionOut[file][section];
        if (output < 0)
            throw new LinkException(ErrorId.UndefinedSymbol, $"--defsym {name}={text}: undefined symbol `{symbol}' referenced in expression");
        return new Value(output, sym.Value + sections.SectionOffset[file][section], sym.Type);
    }
}
