// Which live sections --icf may fold, by lld's rules: allocated and read-only (.data.rel.ro too, which is only
// writable for its relocations), not SHF_LINK_ORDER, not .init/.fini, not named like a C identifier (__start_/
// __stop_ enumerate those), not covered by an FDE with an LSDA (their catch clauses may differ), and not "kept
// unique": --keep-unique, and the sections of address-significant symbols. With --icf=safe every
// address-significant section stays; with --icf=all only code may fold despite it. Comparing is IcfSectionComparer's.
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal static class IcfEligibility
{
    /// <summary>Per flat index: may this section fold into another (or another into it)?</summary>
    public static bool[] Find(SymbolResolution res, SectionMap map, LiveSections live, ExportPolicy exports,
        ParallelWork work, DiagnosticBag diagnostics)
    {
        var options = res.Options;
        bool safe = options.Icf == IcfMode.Safe;
        var objects = res.Objects;
        var loaded = res.LoadedFiles;
        var eligible = new bool[map.Count];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            for (int s = 1; s < obj.SectionCount; s++)
            {
                var flat = map.Flat(f, s);
                eligible[flat] = live.IsLive(flat) && map.OutputName(flat) is { } outName && outName != ".eh_frame"
                                 && Foldable(obj, s);
            }
        });

        // Address significance clears the flag again. Only ever set to false, from any thread: the result does not
        // depend on the order.
        var keepUnique = eligible;
        void Keep(FileId f, int s, bool always)
        {
            if (s <= 0) return;
            if (always || safe || (objects[f].SectionHeaders[s].Flags & SHF_EXECINSTR) == 0)
                keepUnique[map.Flat(f, s)] = false;
        }

        // The FDE of a function with an LSDA (.gcc_except_table) points at its catch clauses: two functions with
        // equal code may still catch different types.
        foreach (var eh in map.EhFrames)
        {
            var relocs = eh.RelaSection > 0 ? objects[eh.File].Relocations(eh.RelaSection) : default;
            foreach (var rec in eh.Records)
            {
                if (!rec.IsFde || rec.EndReloc - rec.FirstReloc < 2) continue;
                int r = EhFrameSection.PcBeginReloc(relocs, rec);
                if (r < 0) continue;
                var (tf, ts) = SectionMap.TargetSection(res, eh.File, (int)relocs[r].SymbolIndex);
                Keep(tf, ts, always: true);
            }
        }

        foreach (string name in options.KeepUnique)
        {
            var n = res.Db.Lookup(name);
            var def = n.IsNone ? SymbolId.None : res.Definition(n);
            if (def.IsNone || res.IsSynthetic(def) || res.IsSharedDefinition(def))
            {
                diagnostics.Warn($"could not find symbol {name} to keep unique");
                continue;
            }
            var df = res.Db.FileOf(def);
            Keep(df, objects[df].SymbolSection(def.Value - res.Db.FirstSymbol(df)), always: true);
        }

        // Under --icf=all, address significance only ever keeps data unique: with no data candidate there is
        // nothing left to decide, and the symbol tables of every input need not be walked.
        if (!safe && !AnyDataCandidate(res, map, eligible))
            return eligible;

        // What goes into .dynsym may have its address compared in another module.
        bool dynamicOutput = options.Kind is OutputKind.Pie or OutputKind.Dynamic or OutputKind.Shared;
        if (dynamicOutput)
        {
            bool shared = options.Kind == OutputKind.Shared;
            for (int n = 0; n < res.Db.NameCount; n++)
            {
                var name = new NameId(n);
                bool exported = shared || options.ExportDynamic
                    || (res.References(name) & SymbolResolution.ReferencedByShared) != 0 || exports.IsListed(name);
                if (!exported || exports.IsLocal(name)) continue;
                var def = res.Definition(name);
                if (def.IsNone || res.IsSynthetic(def) || res.IsSharedDefinition(def)) continue;
                var df = res.Db.FileOf(def);
                int di = def.Value - res.Db.FirstSymbol(df);
                if (objects[df].Symbols[di].Visibility is STV_HIDDEN or STV_INTERNAL) continue;
                Keep(df, objects[df].SymbolSection(di), always: false);
            }
        }

        // .llvm_addrsig lists the symbols whose address the object takes; an object without one (gcc's, or one
        // rewritten by objcopy or ld -r, where the indices no longer hold) may take any of its symbols' address.
        var warnings = new string?[loaded.Length];
        work.For(loaded.Length, i =>
        {
            var f = loaded[i];
            var obj = objects[f];
            int addrsig = 0;
            for (int s = 1; s < obj.SectionCount; s++)
                if (obj.SectionHeaders[s].Type == SHT_LLVM_ADDRSIG)
                {
                    if (obj.SectionHeaders[s].Link != 0) addrsig = s;
                    else if (safe) warnings[i] = $"{obj.DisplayName}: --icf=safe conservatively ignores SHT_LLVM_ADDRSIG [index {s}] with sh_link=0 (likely created using objcopy or ld -r)";
                }
            if (addrsig == 0)
            {
                for (int si = 1; si < obj.SymbolCount; si++)
                    KeepSymbol(f, si);
                return;
            }
            var data = obj.SectionData(addrsig);
            int at = 0;
            while (at < data.Length)
            {
                ulong index = 0;
                int shift = 0;
                byte b;
                do
                {
                    if (at >= data.Length || shift > 63)
                        throw obj.Malformed($"SHT_LLVM_ADDRSIG [index {addrsig}]: malformed ULEB128 at offset 0x{at:x}");
                    b = data[at++];
                    index |= (ulong)(b & 0x7f) << shift;
                    shift += 7;
                } while ((b & 0x80) != 0);
                if (index >= (ulong)obj.SymbolCount)
                    throw obj.Malformed($"SHT_LLVM_ADDRSIG [index {addrsig}]: symbol index {index} beyond the symbol table");
                KeepSymbol(f, (int)index);
            }
        });
        foreach (var w in warnings)
            if (w is not null) diagnostics.Warn(w);
        return eligible;

        void KeepSymbol(FileId f, int si)
        {
            var obj = objects[f];
            if (obj.Symbols[si].IsUndefined && si < obj.FirstGlobal) return;
            var (tf, ts) = SectionMap.TargetSection(res, f, si);
            Keep(tf, ts, always: false);
        }
    }

    private static bool AnyDataCandidate(SymbolResolution res, SectionMap map, bool[] eligible)
    {
        foreach (var f in res.LoadedFiles)
        {
            var headers = res.Objects[f].SectionHeaders;
            for (int s = 1; s < headers.Length; s++)
                if (eligible[map.Flat(f, s)] && (headers[s].Flags & SHF_EXECINSTR) == 0) return true;
        }
        return false;
    }

    /// <summary>The section's own properties allow folding (lld's isEligible, less what liveness already says).</summary>
    private static bool Foldable(Input.ObjectFile obj, int s)
    {
        ref readonly var h = ref obj.SectionHeaders[s];
        if (!h.IsAlloc || (h.Flags & (SHF_LINK_ORDER | SHF_MERGE | SHF_TLS)) != 0) return false;
        // Notes are records a reader counts, and empty sections save nothing (they only move symbols): neither folds.
        if (h.Type is SHT_NOBITS or SHT_NOTE || h.Size == 0) return false;
        // .data.rel.ro is writable only so that ld.so can relocate it; its contents are read-only.
        if (h.IsWritable && !obj.SectionNameIs(s, ".data.rel.ro"u8) && !obj.SectionNameStartsWith(s, ".data.rel.ro."u8))
            return false;
        if (obj.SectionNameIs(s, ".init"u8) || obj.SectionNameIs(s, ".fini"u8)) return false;
        return !IsCIdentifier(obj.SectionName(s));
    }

    private static bool IsCIdentifier(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || name[0] is >= (byte)'0' and <= (byte)'9') return false;
        foreach (byte c in name)
            if (!(c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_'))
                return false;
        return true;
    }
}
