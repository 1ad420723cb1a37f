// Get-ElfVersionDefinition: the symbol versions a shared object defines (.gnu.version_d), like readelf -V's
// "Version definition" part, base version (the soname) first as the file lists them.
using System.Management.Automation;
using Wild.Engine.Inspection;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfVersionDefinition", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfVersionDefinition))]
public sealed class GetElfVersionDefinitionCommand : ElfInspectionCommand
{
    private protected override void Inspect(in ElfUnit unit)
    {
        var versions = SymbolVersionTable.Read(unit.Open(SymbolTableChoice.Dynsym));
        foreach (var d in versions.Definitions)
            WriteObject(new ElfVersionDefinition(unit.Path, d.Index, d.Name, d.IsBase, d.IsWeak, d.Hash, d.Parents.ToArray()));
    }
}
