// Compare-ElfImage: a structural diff of two linked files (header, segments, sections, dynamic entries,
// symbols, relocation counts), one object per differing property, in Compare-Object's reference/difference
// terms; e.g. Wild's output against GNU ld's. -Kind and -Property/-ExcludeProperty narrow it (addresses always
// move between linkers). Matching and comparing is Wild.Engine's ImageComparison.
using System.Management.Automation;
using Wild.Engine.Reports;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsData.Compare, "ElfImage")]
[OutputType(typeof(ImageDifference))]
public sealed class CompareElfImageCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string ReferencePath { get; set; } = "";

    /// <summary>Binds OutputPath by property name, so `Write-ElfExecutable -PassThru | Compare-ElfImage ld.out` works.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("OutputPath")]
    public string DifferencePath { get; set; } = "";

    [Parameter]
    public ImageDifferenceKind[]? Kind { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string[]? Property { get; set; }

    [Parameter]
    [SupportsWildcards]
    public string[]? ExcludeProperty { get; set; }

    private LinkedImage? _reference;

    protected override void ProcessRecord()
    {
        string referencePath = GetUnresolvedProviderPathFromPSPath(ReferencePath);
        // Several difference files against one reference (a pipeline of results) read the reference once.
        if (_reference is null || _reference.Path != referencePath)
            _reference = ImagePaths.Read(this, referencePath);
        if (_reference is null) return;

        var include = Patterns(Property);
        var exclude = Patterns(ExcludeProperty);
        if (ImagePaths.Read(this, GetUnresolvedProviderPathFromPSPath(DifferencePath)) is { } difference)
        {
            foreach (var d in ImageComparison.Compare(_reference, difference))
            {
                if (Kind is { Length: > 0 } && !Kind.Contains(d.Kind)) continue;
                if (include.Count > 0 && !include.Any(p => p.IsMatch(d.Property))) continue;
                if (exclude.Any(p => p.IsMatch(d.Property))) continue;
                WriteObject(d);
            }
        }
    }

    private static List<WildcardPattern> Patterns(string[]? names) =>
        names is null ? [] : names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
}
