// Get-ElfSection: lists the section headers of objects, archive members, executables and shared objects,
// like readelf -S (index 0, the null header, included so indices match), optionally by name and type.
using System.Management.Automation;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfSection", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfSection))]
public sealed class GetElfSectionCommand : ElfInspectionCommand
{
    private WildcardPattern[] _names = [];

    [Parameter]
    [SupportsWildcards]
    public string[] Name { get; set; } = [];

    [Parameter]
    public SectionType[] Type { get; set; } = [];

    protected override void BeginProcessing() =>
        _names = Patterns(Name);

    private protected override void Inspect(in ElfUnit unit)
    {
        var obj = unit.Open(SymbolTableChoice.Symtab);
        var machine = (ElfMachine)obj.Machine;
        var headers = obj.SectionHeaders;
        for (int i = 0; i < headers.Length; i++)
        {
            ref readonly var h = ref headers[i];
            if (Type.Length != 0 && (ElfSection.TypeOf(machine, h.Type) is not { } type || Array.IndexOf(Type, type) < 0)) continue;
            string name = i == 0 ? "" : obj.SectionNameString(i);
            if (_names.Length != 0 && !MatchesAny(_names, name)) continue;
            WriteObject(new ElfSection(unit.Path, unit.Member, i, name, machine, h.Type, (SectionFlags)h.Flags,
                h.Address, h.Offset, h.Size, h.EntrySize, h.Link, h.Info, h.AddressAlign));
        }
    }
}
