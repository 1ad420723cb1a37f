// A thread-local variable referenced as an ordinary one, or the reverse, cannot be linked into a working program:
// the code addresses a TLS offset as if it were an address (or the other way round). GNU ld refuses both with
// "TLS definition in a.o section .tdata mismatches non-TLS reference in b.o"; so does wild, in its words. The
// resolver records, per name, which kinds of undefined reference it saw; this pass compares them with the
// definition chosen and looks up the files to name only when a mismatch is found.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.Engine.Resolution;

internal static class TlsMismatch
{
    /// <summary>Bits of a name's reference kinds: referenced by an undefined STT_TLS symbol, or by any other.</summary>
    public const byte TlsReference = 1, OtherReference = 2;

    public static byte KindOf(in Elf.Elf64Symbol undefined) => undefined.Type == STT_TLS ? TlsReference : OtherReference;

    public static List<LinkException> Find(SymbolDb db, ObjectFile[] objects, IReadOnlyList<FileId> loadOrder, int[] definitions, byte[] referenceKinds)
    {
        var errors = new List<LinkException>();
        for (int n = 0; n < referenceKinds.Length; n++)
        {
            byte kinds = referenceKinds[n];
            int def = definitions[n];
            // Linker-defined symbols (ids past the files' symbols) are never thread-local and never referenced as such.
            if (kinds == 0 || def < 0 || def >= db.FileSymbolCount) continue;
            bool tls = db.Symbol(new SymbolId(def)).Type == STT_TLS;
            byte wrong = tls ? OtherReference : TlsReference;
            if ((kinds & wrong) == 0) continue;
            var df = db.FileOf(new SymbolId(def));
            var defObj = objects[df];
            int section = defObj.SymbolSection(def - db.FirstSymbol(df));
            string where = section > 0 && section < defObj.SectionCount ? $" section {defObj.SectionNameString(section)}" : "";
            string referrer = FirstReferrer(db, objects, loadOrder, new NameId(n), wrong);
            string name = db.NameString(new NameId(n));
            errors.Add(new LinkException(ErrorId.UndefinedSymbol, tls
                ? $"{name}: TLS definition in {defObj.DisplayName}{where} mismatches non-TLS reference in {referrer}"
                : $"{name}: TLS reference in {referrer} mismatches non-TLS definition in {defObj.DisplayName}{where}", referrer));
        }
        return errors;
    }

    private static string FirstReferrer(SymbolDb db, ObjectFile[] objects, IReadOnlyList<FileId> loadOrder, NameId name, byte kind)
    {
        foreach (var f in loadOrder)
        {
            var obj = objects[f];
            if (obj.IsShared) continue;
            var syms = obj.Symbols;
            int first = db.FirstSymbol(f);
            for (int s = obj.FirstGlobal; s < syms.Length; s++)
                if (syms[s].IsUndefined && KindOf(syms[s]) == kind && db.NameOf(new SymbolId(first + s)) == name)
                    return obj.DisplayName;
        }
        return "?";
    }
}
