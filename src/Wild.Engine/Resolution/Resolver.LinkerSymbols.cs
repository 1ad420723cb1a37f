// The resolver's linker-defined symbols: --defsym definitions, a -T script's assignments, the names GNU ld's default
// script and ELF backend define (_end, etext, _DYNAMIC, _GLOBAL_OFFSET_TABLE_, __rela_iplt_*...) and __start_/__stop_
// of sections named like C identifiers; the PROVIDEd ones only when an input references them and nothing defines them.
// This decides which exist and of what kind; their addresses come from layout.
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Resolution;

internal sealed partial class Resolver
{
    private SyntheticSymbol[] DefineLinkerSymbols()
    {
        var list = new List<SyntheticSymbol>();
        var defSymTargets = new List<(string Name, string Value, string Target)>();
        bool staticNonPie = _options.Kind == OutputKind.Static;
        void Provide(string name, SyntheticKind kind, string? section = null)
        {
            var id = _db.Lookup(name);
            if (id.IsNone || _def[id.Value] >= 0 || _refs[id.Value] == 0) return;
            _def[id.Value] = _db.FileSymbolCount + list.Count;
            list.Add(new SyntheticSymbol(name, kind, section, Visibility: _referenceVisibility.GetValueOrDefault(id.Value)));
        }

        foreach (var (name, value) in _options.DefSym)
        {
            var expr = DefSymExpression.Parse(name, value);
            // SymbolDb gave every --defsym name a NameId, mentioned by an input or not: GNU ld lists them all in .symtab.
            var id = _db.Lookup(name);
            // Its expression's symbols must be defined (checked below, once the linker's own symbols are provided).
            foreach (string symbol in expr.Symbols) defSymTargets.Add((name, value, symbol));
            // A symbol plus a constant moves with that symbol (an alias); a number, or a sum or difference of
            // symbols, is absolute. Both are evaluated by layout once addresses are known.
            byte visibility = _referenceVisibility.GetValueOrDefault(id.Value);
            var sym = expr.Constant is { } v
                ? new SyntheticSymbol(name, SyntheticKind.Absolute, Value: v, Visibility: visibility)
                : new SyntheticSymbol(name, expr.IsRelative ? SyntheticKind.Alias : SyntheticKind.Absolute, AliasOf: value, Visibility: visibility);
            _def[id.Value] = _db.FileSymbolCount + list.Count;
            list.Add(sym);
        }

        // A -T script's assignments come before the linker's own symbols, so `_end = .;` in a script is the script's.
        if (_options.LinkerScript is { } script)
            foreach (var a in script.Assignments)
            {
                var id = _db.Lookup(a.Target);
                if (id.IsNone) continue; // a PROVIDE no input mentions (LinkPipeline.LinkerNames named every assigned symbol)
                bool provide = a.Kind is Scripts.AssignmentKind.Provide or Scripts.AssignmentKind.ProvideHidden;
                var kind = a.Kind is Scripts.AssignmentKind.Hidden or Scripts.AssignmentKind.ProvideHidden ? SyntheticKind.ScriptHidden : SyntheticKind.Script;
                if (_def[id.Value] >= _db.FileSymbolCount) continue; // assigned earlier in the script: one symbol
                // PROVIDE defines only what is referenced and not defined; a plain assignment wins over an input's definition.
                if (provide && (_def[id.Value] >= 0 || _refs[id.Value] == 0)) continue;
                _def[id.Value] = _db.FileSymbolCount + list.Count;
                list.Add(new SyntheticSymbol(a.Target, kind, Visibility: _referenceVisibility.GetValueOrDefault(id.Value)));
            }

        // GNU ld's default script assigns these whatever references them, over a shared object's definition (old
        // libraries export their own _end); LinkPipeline.LinkerNames gave them NameIds.
        void Define(string name, SyntheticKind kind)
        {
            var id = _db.Lookup(name);
            // Nor does a --just-symbols file's _end stand for this output's (GNU ld's script assigns it all the same).
            if (id.IsNone || (_def[id.Value] >= 0 && _rank[id.Value] != RankShared && !DefinedByJustSymbols(id.Value))) return;
            _def[id.Value] = _db.FileSymbolCount + list.Count;
            list.Add(new SyntheticSymbol(name, kind, Visibility: _referenceVisibility.GetValueOrDefault(id.Value)));
        }
        // Each version a dynamic output defines gets GNU ld's absolute symbol of that name (lld writes none; GNU ld is the
        // reference, and ld.so ignores them), unless an input defines the name itself.
        if (_options.Kind is OutputKind.Shared or OutputKind.Pie or OutputKind.Dynamic)
            foreach (string name in LinkPipeline.VersionNames(_options))
                Define(name, SyntheticKind.VersionName);
        // A script that lays out every section replaces the default one: it defines what it assigns, no more.
        if (_options.LinkerScript is not { LaysOutEverything: true })
        {
            Define("_end", SyntheticKind.End);
            Define("_edata", SyntheticKind.DataEnd);
            Define("__bss_start", SyntheticKind.BssStart);
        }
        // The ELF backend, not the script, defines _DYNAMIC in GNU ld: under a script too.
        if (_options.Kind != OutputKind.Static) Define("_DYNAMIC", SyntheticKind.Dynamic);

        // -N/-n do not load the headers, so GNU ld leaves __ehdr_start undefined (static glibc then fails to link).
        if (_options.Magic == OutputMagic.Paged) Provide("__ehdr_start", SyntheticKind.EhdrStart);
        Provide("__executable_start", SyntheticKind.EhdrStart);
        Provide("end", SyntheticKind.End);
        Provide("edata", SyntheticKind.DataEnd);
        Provide("etext", SyntheticKind.TextEnd);
        Provide("_etext", SyntheticKind.TextEnd);
        Provide("__etext", SyntheticKind.TextEnd);
        Provide("_GLOBAL_OFFSET_TABLE_", SyntheticKind.GlobalOffsetTable);
        Provide("_TLS_MODULE_BASE_", SyntheticKind.TlsModuleBase);
        foreach (var arr in (string[])["preinit_array", "init_array", "fini_array"])
        {
            Provide($"__{arr}_start", SyntheticKind.SectionStart, "." + arr);
            Provide($"__{arr}_end", SyntheticKind.SectionEnd, "." + arr);
        }
        if (staticNonPie)
        {
            Provide("__rela_iplt_start", SyntheticKind.RelaIpltStart);
            Provide("__rela_iplt_end", SyntheticKind.RelaIpltEnd);
        }

        // __start_SEC / __stop_SEC for any loaded section whose name is a C identifier.
        for (int n = 0; n < _db.NameCount; n++)
        {
            if (_def[n] >= 0 || _refs[n] == 0) continue;
            var bytes = _db.NameBytes(new NameId(n));
            bool start = bytes.StartsWith("__start_"u8), stop = bytes.StartsWith("__stop_"u8);
            if (!start && !stop) continue;
            string section = Encoding.UTF8.GetString(bytes[(start ? 8 : 7)..]);
            if (!IsCIdentifier(section) || !AnyLoadedSectionNamed(section)) continue;
            _def[n] = _db.FileSymbolCount + list.Count;
            list.Add(new SyntheticSymbol(Encoding.UTF8.GetString(bytes), start ? SyntheticKind.SectionStart : SyntheticKind.SectionEnd, section));
        }
        foreach (var (name, value, target) in defSymTargets)
            if (_db.Lookup(target) is var t && (t.IsNone || _def[t.Value] < 0))
                throw new LinkException(ErrorId.UndefinedSymbol, $"--defsym {name}={value}: undefined symbol: {target}");
        return list.ToArray();
    }

    private bool AnyLoadedSectionNamed(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        foreach (var f in FileId.All(_objects.Length))
        {
            if (!_loaded[f] || !_objects[f].HasUndottedSectionName) continue;
            var obj = _objects[f];
            for (int s = 1; s < obj.SectionCount; s++)
                if (obj.SectionNameIs(s, bytes)) return true;
        }
        return false;
    }

    private static bool IsCIdentifier(string s) =>
        s.Length > 0 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
