// Get-ElfDynamicEntry: lists the dynamic section of executables and shared objects as the loader reads it
// (through PT_DYNAMIC), like readelf -d, decoding library names, paths and flags. Static executables and
// relocatable objects have no dynamic section and yield nothing.
using System.Management.Automation;
using System.Text;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfDynamicEntry", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfDynamicEntry))]
public sealed class GetElfDynamicEntryCommand : ElfInspectionCommand
{
    [Parameter]
    public DynamicTag[] Tag { get; set; } = [];

    private protected override void Inspect(in ElfUnit unit)
    {
        var dynamic = DynamicSection.Read(unit.Data, unit.DisplayName);
        var entries = dynamic.Entries;
        for (int i = 0; i < entries.Length; i++)
        {
            var e = entries[i];
            if (Tag.Length != 0 && Array.IndexOf(Tag, (DynamicTag)e.Tag) < 0) continue;
            string? text = e.Tag switch
            {
                _ when DynamicSection.IsStringTag(e.Tag) && dynamic.HasStrings => Encoding.UTF8.GetString(dynamic.String(e.Value)),
                DT_FLAGS => ((DynamicFlags)e.Value).ToString(),
                DT_FLAGS_1 => ((DynamicFlags1)e.Value).ToString(),
                _ => null,
            };
            WriteObject(new ElfDynamicEntry(unit.Path, i, (DynamicTag)e.Tag, e.Value, text));
        }
    }
}
