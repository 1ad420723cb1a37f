// Compare-ElfImage: a structural diff of two linked files (header, segments, sections, dynamic entries,
// symbols, relocation counts), one object per differing property, in Compare-Object's reference/difference
// terms; e.g. Wild's output against GNU ld's. -Kind and -Property/-ExcludeProperty narrow it (addresses always
// move between linkers). Matching and comparing is Wild.Engine's ImageComparison; this cmdlet only names what
// the engine gives as numbers with the enums the other cmdlets use (SymbolType.Function, SegmentType.Load,
// DynamicTag.Needed), in values and in the keys of segments and dynamic entries, so names agree everywhere.
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
                WriteObject(Named(d, (ElfMachine)_reference.Machine, (ElfMachine)difference.Machine));
            }
        }
    }

    private static readonly Dictionary<string, string> SegmentNames =
        Enum.GetValues<SegmentType>().ToDictionary(t => ImageComparison.SegmentName((uint)t), t => t.ToString(), StringComparer.Ordinal);
    private static readonly Dictionary<string, string> TagNames =
        Enum.GetValues<DynamicTag>().Select(t => (Engine: ImageComparison.DynamicTagName((long)t), Module: t.ToString()))
            .DistinctBy(p => p.Engine).ToDictionary(p => p.Engine, p => p.Module, StringComparer.Ordinal);

    /// <summary>The difference with its numbers named by the module's enums, and its key spelled as they are.</summary>
    private static ImageDifference Named(ImageDifference d, ElfMachine referenceMachine, ElfMachine differenceMachine)
    {
        Type? type = (d.Kind, d.Property) switch
        {
            (ImageDifferenceKind.Header, "Type") => typeof(ElfFileType),
            (ImageDifferenceKind.Header, "Machine") => typeof(ElfMachine),
            (ImageDifferenceKind.Segment, "Flags") => typeof(SegmentFlags),
            (ImageDifferenceKind.Section, "Type") => typeof(SectionType),
            (ImageDifferenceKind.Section, "Flags") => typeof(SectionFlags),
            (ImageDifferenceKind.Symbol, "Type") => typeof(SymbolType),
            (ImageDifferenceKind.Symbol, "Binding") => typeof(SymbolBinding),
            (ImageDifferenceKind.Symbol, "Visibility") => typeof(SymbolVisibility),
            _ => null,
        };
        string name = d.Kind switch
        {
            ImageDifferenceKind.Segment => Rekey(d.Name, SegmentNames),
            ImageDifferenceKind.DynamicEntry => Rekey(d.Name, TagNames),
            _ => d.Name,
        };
        return d with { Name = name, Reference = AsEnum(type, d.Reference, referenceMachine), Difference = AsEnum(type, d.Difference, differenceMachine) };
    }

    // A section type of the processor-specific range names x86-64's only in an x86-64 file (ElfSection.TypeOf).
    private static object? AsEnum(Type? type, object? value, ElfMachine machine) => value is ulong n && type is not null
        ? type == typeof(SectionType) ? (object?)ElfSection.TypeOf(machine, (uint)n) ?? n : Enum.ToObject(type, n)
        : value;

    /// <summary>"LOAD#1" as "Load#1", "NEEDED libc.so.6" as "Needed libc.so.6": the leading word renamed.</summary>
    private static string Rekey(string key, Dictionary<string, string> names)
    {
        int end = key.IndexOfAny([' ', '#']);
        string head = end < 0 ? key : key[..end];
        return names.TryGetValue(head, out var name) ? name + key[head.Length..] : key;
    }

    private static List<WildcardPattern> Patterns(string[]? names) =>
        names is null ? [] : names.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
}
