// What makes two candidate sections alike for --icf, in two parts as lld defines it. The constant part: same
// flags, type, size, output section, bytes, and relocations with the same offset, type and a target that is the
// same symbol (with the same addend), the same absolute value, the same place in the same non-candidate section,
// or the same bytes of a merged (SHF_MERGE) piece. The variable part: relocations that point into candidate
// sections must point at the same offset of sections in the same class; the folder iterates that part.
// Everything reads the mapped inputs in place: no allocation per section or relocation.
using System.IO.Hashing;
using Wild.Engine.Elf;
using Wild.Engine.Resolution;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Layout;

internal sealed class IcfSectionComparer
{
    /// <summary>What a relocation's target is, as far as comparing two sections goes.</summary>
    private enum TargetKind : byte
    {
        /// <summary>An undefined name: equal only to itself (A: NameId, B: addend).</summary>
        Name,
        /// <summary>A definition that must stay itself: in a shared object, linker-defined, common, preemptible,
        /// an IFUNC (its own PLT entry), or a local without a section (A: SymbolId, B: addend).</summary>
        Symbol,
        /// <summary>An absolute value (A: value + addend).</summary>
        Absolute,
        /// <summary>A place in a section that cannot fold (A: flat index, B: value + addend).</summary>
        Section,
        /// <summary>A place in a candidate section: its class decides (A: candidate, B: value + addend).</summary>
        Candidate,
        /// <summary>A byte of a merged section: the piece's bytes decide (A: flat, B: position, C: addend beyond it).</summary>
        Merged,
    }

    // A COMDAT member (SHF_GROUP) and an ordinary section are the same in the output; so is SHF_INFO_LINK.
    private const ulong IgnoredFlags = SHF_GROUP | SHF_INFO_LINK;

    private readonly record struct Target(TargetKind Kind, FileId File, int Section, long A, long B, long C);

    private readonly SymbolResolution _res;
    private readonly SectionMap _map;
    private readonly LiveSections _live;
    private readonly SymbolTraitsTable _traits;
    private readonly int[] _candidateOf;
    private readonly FileId[] _fileOf;
    private readonly int[] _sectionOf;

    /// <param name="candidateOf">Per flat index, its candidate number; -1 for sections that cannot fold.</param>
    /// <param name="fileOf">Per candidate number, its file.</param>
    /// <param name="sectionOf">Per candidate number, its section index in that file.</param>
    public IcfSectionComparer(SymbolResolution res, SectionMap map, LiveSections live, SymbolTraitsTable traits, int[] candidateOf,
        FileId[] fileOf, int[] sectionOf)
    {
        _res = res;
        _map = map;
        _live = live;
        _traits = traits;
        _candidateOf = candidateOf;
        _fileOf = fileOf;
        _sectionOf = sectionOf;
    }

    private (FileId File, int Section) Locate(int candidate) => (_fileOf[candidate], _sectionOf[candidate]);

    private ReadOnlySpan<Elf64Rela> Relocations(FileId file, int section)
    {
        int rela = _map.RelaOf(_map.Flat(file, section));
        return rela > 0 ? _res.Objects[file].Relocations(rela) : default;
    }

    /// <summary>A hash of the bytes, size, flags and relocation count alone: most sections are unique by it, and
    /// only those that are not need their relocations looked at.</summary>
    public ulong ContentHash(int candidate)
    {
        var (f, s) = Locate(candidate);
        return Mix(BytesHash(f, s), (ulong)Relocations(f, s).Length);
    }

    /// <summary>The bytes, flags (those compared) and size of a section, hashed: the start of both hashes.</summary>
    private ulong BytesHash(FileId f, int s)
    {
        var obj = _res.Objects[f];
        ref readonly var h = ref obj.SectionHeaders[s];
        ulong hash = XxHash3.HashToUInt64(obj.SectionData(s));
        hash = Mix(hash, h.Flags & ~IgnoredFlags);
        return Mix(hash, h.Size);
    }

    /// <summary>A hash of the constant part, equal for sections <see cref="ConstantEqual"/> calls equal; also
    /// counts the relocations into candidate sections (the variable part).</summary>
    public ulong ConstantHash(int candidate, out int variableCount)
    {
        var (f, s) = Locate(candidate);
        ulong hash = BytesHash(f, s);
        variableCount = 0;
        foreach (ref readonly var rel in Relocations(f, s))
        {
            var t = Describe(f, rel);
            hash = Mix(hash, rel.Offset);
            hash = Mix(hash, ((ulong)rel.Type << 8) | (byte)t.Kind);
            switch (t.Kind)
            {
                case TargetKind.Name or TargetKind.Symbol or TargetKind.Section:
                    hash = Mix(Mix(hash, (ulong)t.A), (ulong)t.B);
                    break;
                case TargetKind.Absolute:
                    hash = Mix(hash, (ulong)t.A);
                    break;
                case TargetKind.Candidate:
                    hash = Mix(hash, (ulong)t.B);
                    variableCount++;
                    break;
                case TargetKind.Merged:
                    if (Piece(t, out var piece, out int within))
                        hash = Mix(Mix(Mix(hash, XxHash3.HashToUInt64(piece)), (ulong)within), (ulong)t.C);
                    else
                        hash = Mix(Mix(hash, (ulong)t.A), (ulong)t.B);
                    break;
            }
        }
        return hash;
    }

    /// <summary>Fills <paramref name="targets"/> with the candidate each relocation into a candidate section
    /// points at, in relocation order (its length is the count <see cref="ConstantHash"/> gave).</summary>
    public void VariableTargets(int candidate, Span<int> targets)
    {
        var (f, s) = Locate(candidate);
        int k = 0;
        foreach (ref readonly var rel in Relocations(f, s))
        {
            var t = Describe(f, rel);
            if (t.Kind == TargetKind.Candidate) targets[k++] = (int)t.A;
        }
        if (k != targets.Length)
            throw new InvalidOperationException($"internal error: --icf counted {targets.Length} relocations into candidates, found {k}");
    }

    /// <summary>Whether two candidates agree in everything but the classes of the candidate sections they point at.</summary>
    public bool ConstantEqual(int a, int b)
    {
        var (fa, sa) = Locate(a);
        var (fb, sb) = Locate(b);
        var oa = _res.Objects[fa];
        var ob = _res.Objects[fb];
        ref readonly var ha = ref oa.SectionHeaders[sa];
        ref readonly var hb = ref ob.SectionHeaders[sb];
        if ((ha.Flags & ~IgnoredFlags) != (hb.Flags & ~IgnoredFlags) || ha.Type != hb.Type || ha.Size != hb.Size
            || !string.Equals(_map.OutputName(_map.Flat(fa, sa)), _map.OutputName(_map.Flat(fb, sb)), StringComparison.Ordinal)
            || !oa.SectionData(sa).SequenceEqual(ob.SectionData(sb)))
            return false;
        var ra = Relocations(fa, sa);
        var rb = Relocations(fb, sb);
        if (ra.Length != rb.Length) return false;
        for (int i = 0; i < ra.Length; i++)
        {
            if (ra[i].Offset != rb[i].Offset || ra[i].Type != rb[i].Type) return false;
            var ta = Describe(fa, ra[i]);
            var tb = Describe(fb, rb[i]);
            if (ta.Kind != tb.Kind) return false;
            bool same = ta.Kind switch
            {
                TargetKind.Absolute => ta.A == tb.A,
                TargetKind.Candidate => ta.B == tb.B,
                TargetKind.Merged => MergedEqual(ta, tb),
                _ => ta.A == tb.A && ta.B == tb.B,
            };
            if (!same) return false;
        }
        return true;
    }

    /// <summary>What a relocation of file <paramref name="f"/> points at.</summary>
    private Target Describe(FileId f, in Elf64Rela rel)
    {
        var obj = _res.Objects[f];
        int si = (int)rel.SymbolIndex;
        if ((uint)si >= (uint)obj.SymbolCount)
            throw obj.Malformed($"relocation references symbol index {si} beyond the symbol table");
        long addend = rel.Addend;
        var df = f;
        int di = si;
        if (si >= obj.FirstGlobal)
        {
            var def = _res.Resolve(f, si);
            if (def.IsNone)
                return new(TargetKind.Name, default, 0, _res.Db.NameOf(_res.Db.Id(f, si)).Value, addend, 0);
            // Bound at run time, its own PLT entry (IFUNC), or placed later (commons, linker-defined): only
            // the very same symbol is the same target.
            if (_res.IsSynthetic(def) || _res.IsSharedDefinition(def))
                return new(TargetKind.Symbol, default, 0, def.Value, addend, 0);
            var traits = _traits.Of(def);
            if (traits.Dynamic || traits.Ifunc)
                return new(TargetKind.Symbol, default, 0, def.Value, addend, 0);
            df = _res.Db.FileOf(def);
            di = def.Value - _res.Db.FirstSymbol(df);
        }
        var dobj = _res.Objects[df];
        ref readonly var sym = ref dobj.Symbols[di];
        if (sym.IsAbsolute) return new(TargetKind.Absolute, default, 0, (long)sym.Value + addend, 0, 0);
        int sec = sym.IsCommon || sym.Type == STT_GNU_IFUNC ? 0 : dobj.SymbolSection(di);
        if (sec == 0)
            return new(TargetKind.Symbol, default, 0, _res.Db.FirstSymbol(df) + di, addend, 0);
        var flat = _map.Flat(df, sec);
        if (IsMerged(df, sec, flat))
            return sym.Type == STT_SECTION
                // As the writer maps it: a section symbol's addend chooses the piece.
                ? new(TargetKind.Merged, df, sec, flat, (long)sym.Value + addend, 0)
                : new(TargetKind.Merged, df, sec, flat, (long)sym.Value, addend);
        int candidate = _candidateOf[flat];
        return candidate >= 0
            ? new(TargetKind.Candidate, df, sec, candidate, (long)sym.Value + addend, 0)
            : new(TargetKind.Section, df, sec, flat, (long)sym.Value + addend, 0);
    }

    /// <summary>The rule "Output sections" uses to split and deduplicate a section into pieces.</summary>
    private bool IsMerged(FileId f, int s, SectionId flat)
    {
        ref readonly var h = ref _res.Objects[f].SectionHeaders[s];
        return _map.OutputName(flat) is not null && _live.IsLive(flat)
            && (h.Flags & SHF_MERGE) != 0 && h.EntrySize is > 0 and <= 64 && _map.RelaOf(flat) == 0 && h.Type == SHT_PROGBITS;
    }

    /// <summary>Two references into merged sections are equal when deduplication puts them on the same byte:
    /// the same group (output section, strings or constants, entry size, alignment), the same piece bytes and
    /// the same offset in the piece. A position outside its section only equals the very same place.</summary>
    private bool MergedEqual(in Target a, in Target b)
    {
        if (a.C != b.C) return false;
        bool pa = Piece(a, out var pieceA, out int withinA);
        bool pb = Piece(b, out var pieceB, out int withinB);
        if (!pa || !pb) return !pa && !pb && a.A == b.A && a.B == b.B;
        ref readonly var ha = ref _res.Objects[a.File].SectionHeaders[a.Section];
        ref readonly var hb = ref _res.Objects[b.File].SectionHeaders[b.Section];
        return withinA == withinB && ha.EntrySize == hb.EntrySize
            && (ha.Flags & SHF_STRINGS) == (hb.Flags & SHF_STRINGS)
            && Math.Max(1, ha.AddressAlign) == Math.Max(1, hb.AddressAlign)
            && string.Equals(_map.OutputName((SectionId)(int)a.A), _map.OutputName((SectionId)(int)b.A), StringComparison.Ordinal)
            && pieceA.SequenceEqual(pieceB);
    }

    /// <summary>The piece of a merged section holding the target's position: an entry of a constants section, or
    /// a string with its terminator; false if the position lies outside the section.</summary>
    private bool Piece(in Target t, out ReadOnlySpan<byte> piece, out int within)
    {
        var obj = _res.Objects[t.File];
        ref readonly var h = ref obj.SectionHeaders[t.Section];
        var data = obj.SectionData(t.Section);
        int es = (int)h.EntrySize;
        long p = t.B;
        piece = default;
        within = 0;
        if (p < 0 || p >= data.Length) return false;
        int pos = (int)p;
        int start = pos - pos % es;
        if ((h.Flags & SHF_STRINGS) == 0)
        {
            if (start + es > data.Length) return false;
            piece = data.Slice(start, es);
            within = pos - start;
            return true;
        }
        // Back to the element after the previous terminator, forward to and including the next one.
        while (start >= es && !IsZero(data.Slice(start - es, es))) start -= es;
        int end = pos - pos % es;
        while (end + es <= data.Length && !IsZero(data.Slice(end, es))) end += es;
        end = Math.Min(data.Length, end + es);
        piece = data[start..end];
        within = pos - start;
        return true;
    }

    private static bool IsZero(ReadOnlySpan<byte> element) => element.IndexOfAnyExcept((byte)0) < 0;

    public static ulong Mix(ulong hash, ulong value)
    {
        hash ^= value + 0x9E3779B97F4A7C15UL + (hash << 6) + (hash >> 2);
        hash *= 0xBF58476D1CE4E5B9UL;
        return hash ^ (hash >> 31);
    }
}
