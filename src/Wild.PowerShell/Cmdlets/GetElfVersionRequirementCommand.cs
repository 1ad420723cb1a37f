// Get-ElfVersionRequirement: the symbol versions an executable or shared object needs from each library
// (.gnu.version_r), like readelf -V's "Version needs" part: which glibc a binary needs, in one line.
using System.Management.Automation;
using Wild.Engine.Inspection;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfVersionRequirement", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfVersionRequirement))]
public sealed class GetElfVersionRequirementCommand : ElfInspectionCommand
{
    /// <summary>Only requirements from libraries whose DT_NEEDED name matches; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[] Library { get; set; } = [];

    private protected override void Inspect(in ElfUnit unit)
    {
        var versions = SymbolVersionTable.Read(unit.Open(SymbolTableChoice.Dynsym));
        var patterns = Patterns(Library);
        foreach (var r in versions.Requirements)
            if (patterns.Length == 0 || MatchesAny(patterns, r.File))
                WriteObject(new ElfVersionRequirement(unit.Path, r.File, r.Name, r.Index, r.IsWeak, r.Hash));
    }
}
