// Finds where an undefined name is referenced (file, section, offset) for lld-style diagnostics. Runs only
// when a link is already failing, so it may scan relocations slowly.
using Wild.Engine.Symbols;
using static Wild.Engine.Elf.ElfConstants;
using Wild.Engine.Input;

namespace Wild.Engine.Resolution;

internal readonly record struct ReferenceSite(string File, string Section, ulong Offset);

internal static class UndefinedReferences
{
    public static List<ReferenceSite> Find(SymbolDb db, WrapRedirect? wrap, bool[] loaded, bool[]?[] discarded, NameId name, bool executable, int limit, out int more)
    {
        var result = new List<ReferenceSite>();
        more = 0;
        var objects = db.Inputs.Objects;
        foreach (var f in FileId.All(objects.Length))
        {
            if (!loaded[f]) continue;
            var obj = objects[f];
            var headers = obj.SectionHeaders;
            for (int rs = 1; rs < obj.SectionCount; rs++)
            {
                if (headers[rs].Type != SHT_RELA || headers[rs].Link != obj.SymtabIndex) continue;
                int target = (int)headers[rs].Info;
                if (target <= 0 || target >= obj.SectionCount || (discarded[f] is { } d && d[target])) continue;
                if ((headers[target].Flags & SHF_ALLOC) == 0) continue;
                var relocs = obj.Relocations(rs);
                for (int r = 0; r < relocs.Length; r++)
                {
                    var rel = relocs[r];
                    // The __tls_get_addr call after a TLSGD/TLSLD is rewritten away by relaxation in an executable.
                    if (executable && r > 0 && relocs[r - 1].Type is Elf.RelocationType.R_X86_64_TLSGD or Elf.RelocationType.R_X86_64_TLSLD)
                        continue;
                    int si = (int)rel.SymbolIndex;
                    if (si < obj.FirstGlobal || si >= obj.SymbolCount) continue;
                    int referenced = db.NameOf(db.Id(f, si)).Value;
                    // Under --wrap an undefined reference stands for another name.
                    if (wrap is not null && obj.Symbols[si].IsUndefined) referenced = wrap.Map(referenced);
                    if (referenced != name.Value) continue;
                    if (result.Count < limit)
                        result.Add(new ReferenceSite(obj.DisplayName, obj.SectionNameString(target), rel.Offset));
                    else
                        more++;
                }
            }
        }
        return result;
    }
}
