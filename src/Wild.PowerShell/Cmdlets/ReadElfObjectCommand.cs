// Read-ElfObject: validates ELF objects, archives and library scripts and emits one ElfInputFile each,
// in the order given. A bad file is a non-terminating error; the rest still flow down the pipeline.
using System.Management.Automation;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommunications.Read, "ElfObject", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfInputFile))]
public sealed class ReadElfObjectCommand : PSCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    public string[] LiteralPath { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in ResolvePaths())
        {
            try
            {
                WriteObject(ElfInputFile.Open(path));
            }
            catch (LinkException e)
            {
                WriteError(ErrorRecords.From(e, path));
            }
        }
    }

    private IEnumerable<string> ResolvePaths() =>
        ProviderPaths.Resolve(this, ParameterSetName == LiteralSet ? LiteralPath : Path, literal: ParameterSetName == LiteralSet);
}
