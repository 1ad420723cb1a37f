// Get-ElfSectionData: the bytes of sections, like readelf -x: one row of up to 16 bytes each, with its address
// and offset, which the default view shows as a hex dump. -Raw writes each section's bytes as one byte[].
using System.Management.Automation;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfSectionData", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfSectionBytes), typeof(byte[]))]
public sealed class GetElfSectionDataCommand : ElfInspectionCommand
{
    /// <summary>The sections to read, by name; wildcards allowed.</summary>
    [Parameter(Mandatory = true)]
    [SupportsWildcards]
    public string[] Section { get; set; } = [];

    /// <summary>Writes each section's contents as one byte array instead of rows.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    private protected override void Inspect(in ElfUnit unit)
    {
        var obj = unit.Open(SymbolTableChoice.Symtab);
        foreach (int s in SectionSelection.Find(this, obj, unit, Section))
        {
            ref readonly var h = ref obj.SectionHeaders[s];
            // SHT_NOBITS (.bss) occupies memory, not file bytes: it has no contents to show.
            var data = h.Type == SHT_NOBITS ? [] : obj.SectionData(s);
            if (Raw)
            {
                WriteObject(data.ToArray(), enumerateCollection: false);
                continue;
            }
            string name = obj.SectionNameString(s);
            for (int at = 0; at < data.Length; at += 16)
            {
                if ((at & 0xffff) == 0xfff0) Progress.Tick($"{unit.DisplayName} {name}", at, data.Length);
                WriteObject(new ElfSectionBytes(unit.Path, unit.Member, name, h.Address + (ulong)at, (ulong)at,
                    data.Slice(at, Math.Min(16, data.Length - at)).ToArray()));
            }
        }
    }
}
