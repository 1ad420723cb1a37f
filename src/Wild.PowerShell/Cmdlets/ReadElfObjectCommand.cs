// Read-ElfObject: validates ELF objects, archives and library scripts and emits one ElfInputFile each,
// in the order given. A bad file (or a wildcard that matches nothing) is a non-terminating error here, and is
// recorded with the objects this call emits: Resolve-ElfSymbol refuses to link any of them (see ReadBatch).
using System.Management.Automation;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.PowerShell.Pipeline;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommunications.Read, "ElfObject", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ElfInputFile))]
public sealed class ReadElfObjectCommand : PSCmdlet
{
    private const string PathSet = "Path", LiteralSet = "LiteralPath";
    private ReadBatch _batch = null!;
    private ProgressMeter _progress = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    public string[] LiteralPath { get; set; } = [];

    protected override void BeginProcessing()
    {
        _batch = new ReadBatch(MyInvocation);
        _progress = new ProgressMeter(this, 1, "Read-ElfObject");
    }

    protected override void ProcessRecord()
    {
        var paths = ProviderPaths.Resolve(this, ParameterSetName == LiteralSet ? LiteralPath : Path,
            literal: ParameterSetName == LiteralSet, _batch.Failed).ToList();
        for (int i = 0; i < paths.Count; i++)
        {
            _progress.Tick($"Reading {paths[i]}", i, paths.Count);
            ElfInputFile input;
            try
            {
                input = ElfInputFile.Open(paths[i]);
            }
            catch (LinkException e)
            {
                var error = ErrorRecords.From(e, paths[i]);
                _batch.Failed(error);
                WriteError(error);
                continue;
            }
            _batch.Emitted(input);
            WriteObject(input);
        }
    }

    protected override void EndProcessing()
    {
        _progress.Complete();
        _batch.Complete();
    }
}
