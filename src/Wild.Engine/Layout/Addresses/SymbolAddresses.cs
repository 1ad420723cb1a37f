// Phase "Symbol values": the address every symbol stands for in the output, once every address is final: a
// definition's place in its output section (through merged pieces), a common's or a copy's place in .bss, a
// linker-defined symbol's value (an alias, --defsym a=b, is its target's), an IFUNC's PLT entry; and the entry
// point. The value of every global a loaded object defines is computed up front, per object: a call's target
// lies in another object, and reading its symbol there was a cache and TLB miss per relocation (most of the
// relocation time of a large link). Locals are computed when asked. Nothing here changes after the phase.
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class SymbolAddresses
{
    private readonly SymbolResolution _res;
    private readonly SectionMap _map;
    private readonly OutputSections _outputs;
    private readonly CommonSymbols _commons;
    private readonly RelocationNeeds _needs;
    private readonly ulong _pltBase, _pltEntrySize, _pltGotBase, _pltGotEntrySize;
    private readonly ulong[] _syntheticValues;
    // Value + 1 of every global a loaded object defines (0: not one of those; a value of ~0 is computed again).
    private readonly ulong[] _values;

    private SymbolAddresses(Arch.Architecture arch, SymbolResolution res, SectionMap map, OutputSections outputs, CommonSymbols commons,
        RelocationNeeds needs, SyntheticSections synthetic, Placement placement)
    {
        _res = res;
        _map = map;
        _outputs = outputs;
        _commons = commons;
        _needs = needs;
        // Calls and canonical addresses use .plt.sec's entries when the PLT is split, .plt's otherwise.
        _pltBase = synthetic.PltSec is { } pltSec ? pltSec.Address : synthetic.Plt is { } plt ? plt.Address + synthetic.PltHeaderSize : 0;
        _pltEntrySize = synthetic.PltEntrySize;
        _pltGotBase = synthetic.PltGot?.Address ?? 0;
        _pltGotEntrySize = synthetic.PltGot?.EntrySize ?? 0;
        _syntheticValues = (ulong[])placement.SyntheticValues.Clone();
        _values = new ulong[res.Db.FileSymbolCount];
    }

    public static SymbolAddresses Compute(Arch.Architecture arch, SymbolResolution res, SectionMap map, OutputSections outputs,
        CommonSymbols commons, RelocationNeeds needs, SyntheticSections synthetic, Placement placement, ParallelWork work)
    {
        var addresses = new SymbolAddresses(arch, res, map, outputs, commons, needs, synthetic, placement);
        var values = addresses._values;
        LoadedDefinitions.ForEach(res, work, id => values[id] = addresses.ComputeRaw(new SymbolId(id)) + 1);
        // --defsym a=b+4: each symbol of the expression stands for its value (an IFUNC's PLT entry included), taken in
        // command-line order, so a later --defsym may use an earlier one.
        for (int i = 0; i < addresses._syntheticValues.Length; i++)
        {
            var sym = res.Synthetic[i];
            if (sym.AliasOf is not { } expression) continue;
            addresses._syntheticValues[i] = DefSymExpression.Parse(sym.Name, expression).Evaluate(name =>
            {
                var target = res.Db.Lookup(name);
                var def = target.IsNone ? SymbolId.None : res.Definition(target);
                if (def.IsNone)
                    throw new LinkException(ErrorId.UndefinedSymbol, $"--defsym {sym.Name}={expression}: undefined symbol: {name}");
                return addresses.Value(def);
            });
        }
        return addresses;
    }

    /// <summary>Linker-defined symbols' values, aliases included, by index in SymbolResolution.Synthetic.</summary>
    public ulong[] SyntheticValues => _syntheticValues;

    /// <summary>Output address of a byte of an input section, following merged pieces; 0 if it is not in the output.</summary>
    public ulong InputAddress(FileId file, int section, ulong offset)
    {
        var flat = _map.Flat(file, section);
        var os = _outputs.OutputOf(flat);
        if (os is null) return 0;
        ulong at = _outputs.MergeOf(flat) is { } m ? m.Map(offset) : offset;
        return os.Address + _outputs.OffsetOf(flat) + at;
    }

    /// <summary>Output address of an input section (0 if it is not in the output).</summary>
    public ulong SectionAddress(FileId file, int section)
    {
        var flat = _map.Flat(file, section);
        var os = _outputs.OutputOf(flat);
        return os is null ? 0 : os.Address + _outputs.OffsetOf(flat);
    }

    /// <summary>The PLT entry calls to the symbol go to: in .plt (.plt.sec when split), or in .plt.got.</summary>
    public ulong PltEntryAddress(SymbolId id) => _needs.PltIndex[id.Value] >= 0
        ? _pltBase + (ulong)_needs.PltIndex[id.Value] * _pltEntrySize
        : _pltGotBase + (ulong)_needs.PltGotIndex[id.Value] * _pltGotEntrySize;

    /// <summary>The address a symbol stands for: its definition's address, its PLT for IFUNCs, 0 if undefined.</summary>
    public ulong Value(SymbolId id)
    {
        if (id.IsNone) return 0;
        if (_needs.PltIndex[id.Value] >= 0 || _needs.PltGotIndex.Length > 0 && _needs.PltGotIndex[id.Value] >= 0) return PltEntryAddress(id);
        return RawValue(id);
    }

    /// <summary>The definition's own address (an IFUNC's resolver, not its PLT entry).</summary>
    public ulong RawValue(SymbolId id)
    {
        if (id.IsNone) return 0;
        if ((uint)id.Value < (uint)_values.Length && _values[id.Value] != 0) return _values[id.Value] - 1;
        return ComputeRaw(id);
    }

    private ulong ComputeRaw(SymbolId id)
    {
        if (_res.IsSynthetic(id)) return _syntheticValues[id.Value - _res.Db.FileSymbolCount];
        var db = _res.Db;
        var f = db.FileOf(id);
        int i = id.Value - db.FirstSymbol(f);
        var obj = _res.Objects[f];
        if (obj.IsShared)
            return _commons.CopyAddress(id);
        ref readonly var sym = ref obj.Symbols[i];
        if (sym.IsAbsolute) return sym.Value;
        if (sym.IsCommon)
            return _commons.TryGetCommonAddress(id, out ulong common) ? common : 0;
        int sec = obj.SymbolSection(i);
        if (sec == 0) return 0;
        return InputAddress(f, sec, sym.Value);
    }

    /// <summary>The entry point: the entry symbol's address, a number given as -e, or the start of .text with
    /// GNU ld's warning; 0 for a shared object without -e. Under a -T script without ENTRY (and no -e), GNU ld looks for
    /// "start" and otherwise takes the start of .text (0 without one, and 0 in a shared object), warning of neither.</summary>
    public ulong EntryPoint(Placement placement, DiagnosticBag diagnostics)
    {
        var options = _res.Options;
        bool fallback = options.Entry is null && options.LinkerScript is not null;
        if (options.Kind == OutputKind.Shared && options.Entry is null && !fallback)
            return 0; // a shared object has no entry point unless -e names one
        var entryName = _res.Db.Lookup(options.EntryName);
        var entryDef = entryName.IsNone ? SymbolId.None : _res.Definition(entryName);
        if (!entryDef.IsNone)
            return Value(entryDef);
        if (options.Entry is { } e && TryParseAddress(e, out ulong addr))
            return addr;
        // A shared object linked with a script's ENTRY (GNU ld's default -shared script says ENTRY(_start)) that
        // names nothing: no entry point and no warning, as GNU ld.
        if (options.Kind == OutputKind.Shared && (fallback || options.LinkerScript?.Entry == options.Entry))
            return 0;
        var text = placement.Sections.FirstOrDefault(s => s.Name == ".text");
        ulong entry = text?.Address ?? 0;
        if (!fallback)
            diagnostics.Warn(text is null ? $"cannot find entry symbol {options.EntryName}; not setting start address"
                : $"cannot find entry symbol {options.EntryName}; defaulting to 0x{entry:x}");
        return entry;
    }

    private static bool TryParseAddress(string s, out ulong value) =>
        s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(s.AsSpan(2), System.Globalization.NumberStyles.HexNumber, null, out value)
            : ulong.TryParse(s, out value);
}
