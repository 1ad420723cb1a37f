// Read-ElfObject: validates ELF objects, archives and library scripts and emits one ElfInputFile each,
// in the order given. A bad file is a non-terminating error; the rest still flow down the pipeline.
using System.Collections.ObjectModel;
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

    private IEnumerable<string> ResolvePaths()
    {
        if (ParameterSetName == LiteralSet)
        {
            foreach (var p in LiteralPath)
                yield return GetUnresolvedProviderPathFromPSPath(p);
            yield break;
        }
        foreach (var p in Path)
        {
            Collection<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(p, out _);
            }
            catch (ItemNotFoundException e)
            {
                WriteError(new ErrorRecord(e, ErrorId.InputNotFound.ToString(), ErrorCategory.ObjectNotFound, p));
                continue;
            }
            foreach (var r in resolved) yield return r;
        }
    }
}
