// Get-ElfHeader: the ELF file header of objects, archive members, executables and shared objects, like
// readelf -h, for any machine and either class: reading a header is not linking (Inspection/ElfFileHeader).
using System.Management.Automation;
using Wild.Engine.Inspection;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfHeader", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfHeader))]
public sealed class GetElfHeaderCommand : ElfInspectionCommand
{
    private protected override void Inspect(in ElfUnit unit) =>
        WriteObject(new ElfHeader(unit.Path, unit.Member, ElfFileHeader.Read(unit.Data, unit.DisplayName)));
}
