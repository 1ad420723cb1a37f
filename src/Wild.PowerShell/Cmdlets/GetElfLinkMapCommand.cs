// Get-ElfLinkMap: the link map of a finished link, from the ElfLinkResult that `Write-ElfExecutable -PassThru`
// emits (the writer records the map whenever -PassThru is given, so no second link is needed). Emits the
// engine's map records as they are: input sections by default, or output sections, archive members, symbols
// or the cross-reference table with -Kind. Building the map is Wild.Engine.Reports.LinkMapBuilder's job.
// -Demangle writes the records with C++ and Rust symbol names demangled, as ld --demangle writes its map.
// -Path reads a map file that `wild -Map` or GNU ld -Map wrote (Inspection/LinkMapFile) into the same records.
using System.Management.Automation;
using Wild.Engine;
using Wild.Engine.Diagnostics;
using Wild.Engine.Inspection;
using Wild.Engine.Reports;

namespace Wild.PowerShell.Cmdlets;

/// <summary>Which records of the link map Get-ElfLinkMap writes.</summary>
public enum LinkMapRecordKind { InputSection, OutputSection, ArchiveMember, Symbol, CrossReference }

[Cmdlet(VerbsCommon.Get, "ElfLinkMap", DefaultParameterSetName = ResultSet)]
[OutputType(typeof(LinkMapInputSection), typeof(LinkMapOutputSection), typeof(LinkMapArchiveMember), typeof(LinkMapSymbol),
    typeof(LinkMapCrossReference))]
public sealed class GetElfLinkMapCommand : PSCmdlet
{
    private const string ResultSet = "LinkResult", FileSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ResultSet)]
    public LinkResult InputObject { get; set; } = null!;

    /// <summary>Map files written by `wild -Map=FILE` or GNU ld's -Map (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter]
    public LinkMapRecordKind Kind { get; set; } = LinkMapRecordKind.InputSection;

    /// <summary>Only input sections that are not in the output (removed by -GcSections).</summary>
    [Parameter]
    public SwitchParameter Discarded { get; set; }

    /// <summary>Writes symbol names demangled (C++ and Rust), as ld's --demangle does in a map file.</summary>
    [Parameter]
    public SwitchParameter Demangle { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == FileSet)
        {
            foreach (var path in ProviderPaths.Resolve(this, Path, literal: false))
            {
                LinkMap fromFile;
                try
                {
                    fromFile = LinkMapFile.Read(path);
                }
                catch (LinkException e)
                {
                    WriteError(ErrorRecords.From(e, path));
                    continue;
                }
                Write(fromFile);
            }
            return;
        }
        if (InputObject.LinkMap is not { } map)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{InputObject.OutputPath}: the link result carries no link map; link with Write-ElfExecutable -PassThru"),
                "LinkMapNotRecorded", ErrorCategory.InvalidArgument, InputObject));
            return;
        }
        Write(map);
    }

    private void Write(LinkMap map)
    {
        switch (Kind)
        {
            case LinkMapRecordKind.InputSection:
                WriteObjects(Discarded ? map.DiscardedSections : map.InputSections);
                break;
            case LinkMapRecordKind.OutputSection:
                WriteObjects(map.OutputSections);
                break;
            case LinkMapRecordKind.ArchiveMember:
                WriteObjects(map.ArchiveMembers.Select(m => Demangle && m.Symbol is { } s ? m with { Symbol = Demangled(s) } : m));
                break;
            case LinkMapRecordKind.Symbol:
                WriteObjects(map.OutputSections.SelectMany(s => s.Inputs).SelectMany(i => i.Symbols)
                    .Select(s => Demangle ? s with { Name = Demangled(s.Name) } : s));
                break;
            case LinkMapRecordKind.CrossReference:
                WriteObjects(map.CrossReferences.Select(c => Demangle ? c with { Symbol = Demangled(c.Symbol) } : c));
                break;
        }
    }

    private static string Demangled(string name) => SymbolDemangler.Demangle(name) ?? name;

    private void WriteObjects<T>(IEnumerable<T> items)
    {
        foreach (var item in items) WriteObject(item);
    }
}
