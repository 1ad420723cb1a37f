// Get-ElfString: the strings of sections, like readelf -p (.comment's compiler and linker lines, .rodata's
// literals, .dynstr's names), each with its offset. Finding the strings is Inspection/SectionStrings.
using System.Management.Automation;
using Wild.Engine.Inspection;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfString", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfString))]
public sealed class GetElfStringCommand : ElfInspectionCommand
{
    /// <summary>The sections to read, by name; wildcards allowed.</summary>
    [Parameter(Mandatory = true)]
    [SupportsWildcards]
    public string[] Section { get; set; } = [];

    /// <summary>The shortest run of printable bytes that counts as a string (readelf -p: 1, strings: 4).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int MinimumLength { get; set; } = 1;

    private protected override void Inspect(in ElfUnit unit)
    {
        var obj = unit.Open(SymbolTableChoice.Symtab);
        foreach (int s in SectionSelection.Find(this, obj, unit, Section))
        {
            if (obj.SectionHeaders[s].Type == SHT_NOBITS) continue;
            string name = obj.SectionNameString(s);
            foreach (var found in SectionStrings.Find(obj.SectionData(s), MinimumLength))
                WriteObject(new ElfString(unit.Path, unit.Member, name, found.Offset, found.Text));
        }
    }
}
