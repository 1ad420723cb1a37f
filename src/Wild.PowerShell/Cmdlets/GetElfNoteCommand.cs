// Get-ElfNote: the notes of an ELF file, like readelf -n: build-id, ABI tag, GNU properties, decoded by
// Inspection/ElfNotes. Notes come from SHT_NOTE sections, or from PT_NOTE segments when a file has no
// section headers (a stripped-to-the-bone executable still carries its build-id there).
using System.Management.Automation;
using Wild.Engine.Diagnostics;
using Wild.Engine.Inspection;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfNote", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfNote))]
public sealed class GetElfNoteCommand : ElfInspectionCommand
{
    /// <summary>Only notes whose type name matches (NT_GNU_BUILD_ID, NT_GNU_ABI_TAG, ...), wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Type { get; set; } = [];

    private WildcardPattern[] _types = [];

    protected override void BeginProcessing() =>
        _types = Array.ConvertAll(Type, t => new WildcardPattern(t, WildcardOptions.IgnoreCase));

    private protected override void Inspect(in ElfUnit unit)
    {
        var notes = new List<ElfNoteEntry>();
        ObjectFile? obj = null;
        try
        {
            obj = unit.Open(SymbolTableChoice.Symtab);
        }
        catch (LinkException) when (ProgramHeaderTable.Read(unit.Data, unit.DisplayName).Length > 0)
        {
            // No usable section headers, but program headers: the notes are still in the PT_NOTE segments.
        }
        if (obj is not null)
        {
            for (int s = 1; s < obj.SectionCount; s++)
            {
                ref readonly var h = ref obj.SectionHeaders[s];
                if (h.Type == SHT_NOTE) notes.AddRange(ElfNotes.Parse(obj.SectionData(s), obj.SectionNameString(s), h.AddressAlign, unit.DisplayName));
            }
        }
        else
        {
            var segments = ProgramHeaderTable.Read(unit.Data, unit.DisplayName);
            for (int i = 0; i < segments.Length; i++)
            {
                var p = segments[i];
                if (p.Type != PT_NOTE || p.Offset > (ulong)unit.Length || p.FileSize > (ulong)unit.Length - p.Offset) continue;
                notes.AddRange(ElfNotes.Parse(unit.Data.Slice((int)p.Offset, (int)p.FileSize), $"PT_NOTE[{i}]", p.Align, unit.DisplayName));
            }
        }
        foreach (var n in notes)
            if (_types.Length == 0 || _types.Any(t => t.IsMatch(n.TypeName)))
                WriteObject(new ElfNote(unit.Path, unit.Member, n));
    }
}
