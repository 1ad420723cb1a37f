// Get-ElfSegment: lists the program headers of executables and shared objects, like readelf -l, with the
// sections each segment holds and PT_INTERP's interpreter. Relocatable objects (and archive members)
// have no program headers and yield nothing.
using System.Management.Automation;
using System.Text;
using Wild.Engine.Diagnostics;
using Wild.Engine.Elf;
using Wild.Engine.Input;
using static Wild.Engine.Elf.ElfConstants;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfSegment", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfSegment))]
public sealed class GetElfSegmentCommand : ElfInspectionCommand
{
    [Parameter]
    public SegmentType[] Type { get; set; } = [];

    private protected override void Inspect(in ElfUnit unit)
    {
        var data = unit.Data;
        var segments = ProgramHeaderTable.Read(data, unit.DisplayName);
        if (segments.IsEmpty) return;
        var sections = SectionsOf(unit);
        for (int i = 0; i < segments.Length; i++)
        {
            ref readonly var p = ref segments[i];
            if (Type.Length != 0 && Array.IndexOf(Type, (SegmentType)p.Type) < 0) continue;
            var inside = new List<string>();
            if (sections is not null)
                for (int s = 1; s < sections.SectionCount; s++)
                    if (SegmentMapping.Contains(p, sections.SectionHeaders[s]))
                        inside.Add(sections.SectionNameString(s));
            WriteObject(new ElfSegment(unit.Path, i, (SegmentType)p.Type, (SegmentFlags)p.Flags, p.Offset, p.VirtualAddress,
                p.PhysicalAddress, p.FileSize, p.MemorySize, p.Align, inside.ToArray(), Interpreter(data, p)));
        }
    }

    /// <summary>The section headers, when the image still has them (a fully stripped one may not).</summary>
    private static ObjectFile? SectionsOf(in ElfUnit unit)
    {
        try
        {
            return unit.Open(SymbolTableChoice.Symtab);
        }
        catch (LinkException)
        {
            return null;
        }
    }

    private static string? Interpreter(ReadOnlySpan<byte> data, in Elf64ProgramHeader p)
    {
        if (p.Type != PT_INTERP || p.Offset > (ulong)data.Length || p.FileSize > (ulong)data.Length - p.Offset)
            return null;
        var bytes = data.Slice((int)p.Offset, (int)p.FileSize);
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
