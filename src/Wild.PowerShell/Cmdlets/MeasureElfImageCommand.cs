// Measure-ElfImage: a size breakdown of linked files by section, symbol or input file, in bloaty's terms
// (FileSize, VMSize, Percent of the file). Section and Symbol read the file itself; InputFile needs the link
// map, so it takes the ElfLinkResult of `Write-ElfExecutable -PassThru`. The arithmetic is Wild.Engine's ImageSize.
using System.Management.Automation;
using Wild.Engine;
using Wild.Engine.Reports;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsDiagnostic.Measure, "ElfImage", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ImageSizeEntry))]
public sealed class MeasureElfImageCommand : PSCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath", ResultSet = "LinkResult";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = ResultSet, ValueFromPipeline = true)]
    public LinkResult InputObject { get; set; } = null!;

    [Parameter]
    public ImageSizeGrouping By { get; set; } = ImageSizeGrouping.Section;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ResultSet)
        {
            Measure(InputObject.OutputPath, InputObject.LinkMap, InputObject);
            return;
        }
        foreach (var path in ProviderPaths.Resolve(this, ParameterSetName == LiteralSet ? LiteralPath : Path, ParameterSetName == LiteralSet))
            Measure(path, null, path);
    }

    private void Measure(string path, LinkMap? map, object target)
    {
        if (By == ImageSizeGrouping.InputFile && map is null)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"{path}: -By InputFile needs the link map: pipe the result of Write-ElfExecutable -PassThru"),
                "LinkMapRequired", ErrorCategory.InvalidArgument, target));
            return;
        }
        if (ImagePaths.Read(this, path) is not { } image) return;
        var rows = By switch
        {
            ImageSizeGrouping.Symbol => ImageSize.BySymbol(image),
            ImageSizeGrouping.InputFile => ImageSize.ByInputFile(map!, image),
            _ => ImageSize.BySection(image),
        };
        foreach (var row in rows) WriteObject(row);
    }
}
