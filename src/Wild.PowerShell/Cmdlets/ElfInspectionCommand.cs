// The input side shared by the Get-Elf* inspection cmdlets: -Path (wildcards), -LiteralPath (by property
// name, so Get-ChildItem and Write-ElfExecutable -PassThru pipe in), or Read-ElfObject's objects. Each file
// is mapped once and split into ELF units (archive members one by one); what to emit per unit is the
// derived cmdlet's. A missing, unreadable or non-ELF file or member is a non-terminating error. Archives show
// Write-Progress per member (derived cmdlets tick inside long tables too), and Ctrl-C stops at the next tick.
using System.Management.Automation;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.PowerShell.Pipeline;

namespace Wild.PowerShell.Cmdlets;

public abstract class ElfInspectionCommand : PSCmdlet
{
    protected const string PathSet = "Path", LiteralSet = "LiteralPath", InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>OutputPath binds Write-ElfExecutable -PassThru's LinkResult by property name.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "OutputPath")]
    public string[] LiteralPath { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    public ElfInputFile[] InputObject { get; set; } = [];

    private ProgressMeter? _progress;
    private protected ProgressMeter Progress => _progress ??= new ProgressMeter(this, 4, MyInvocation.MyCommand.Name);

    protected override void ProcessRecord()
    {
        foreach (var path in ResolvePaths())
        {
            if (Stopping) return;
            InspectFile(path);
        }
    }

    protected override void EndProcessing() => _progress?.Complete();

    /// <summary>-Name style filters: case-sensitive, like the names they match.</summary>
    private protected static WildcardPattern[] Patterns(string[] names) =>
        Array.ConvertAll(names, n => new WildcardPattern(n, WildcardOptions.CultureInvariant));

    private protected static bool MatchesAny(WildcardPattern[] patterns, string name)
    {
        foreach (var pattern in patterns)
            if (pattern.IsMatch(name)) return true;
        return false;
    }

    /// <summary>Emits the objects for one ELF unit; a LinkException becomes an error about that unit.</summary>
    private protected abstract void Inspect(in ElfUnit unit);

    private void InspectFile(string path)
    {
        MappedFile file;
        try
        {
            file = MappedFile.Open(path);
        }
        catch (LinkException e)
        {
            WriteError(ErrorRecords.From(e, path));
            return;
        }
        using (file)
        {
            switch (ElfIdentity.Classify(file.Head))
            {
                case InputKind.Elf:
                    InspectUnit(new ElfUnit(path, null, file, 0, file.Length));
                    break;
                case InputKind.Archive or InputKind.ThinArchive:
                    InspectArchive(path, file);
                    break;
                case InputKind.LinkerScript:
                    WriteNotElf(path, $"{path}: is a linker script, not an ELF file; inspect the files it names");
                    break;
                default:
                    WriteNotElf(path, $"{path}: file format not recognized (not an ELF file or archive)");
                    break;
            }
        }
    }

    private void InspectArchive(string path, MappedFile file)
    {
        Archive archive;
        try
        {
            archive = Archive.Read(file, MappedFile.Open);
        }
        catch (LinkException e)
        {
            WriteError(ErrorRecords.From(e, path));
            return;
        }
        try
        {
            var members = archive.Members;
            for (int i = 0; i < members.Count; i++)
            {
                var member = members[i];
                Progress.Tick($"{path}({member.Name})", i, members.Count);
                var unit = new ElfUnit(path, member.Name, member.File, member.Offset, member.Size);
                // Archives may carry non-ELF members (rustc's lib.rmeta); nm reports and skips them too.
                if (ElfIdentity.Classify(unit.Data) != InputKind.Elf)
                    WriteNotElf(path, $"{unit.DisplayName}: file format not recognized (not an ELF file)");
                else
                    InspectUnit(unit);
            }
        }
        finally
        {
            if (archive.IsThin)
                foreach (var m in archive.Members) m.File.Dispose();
        }
    }

    private void InspectUnit(in ElfUnit unit)
    {
        try
        {
            Inspect(unit);
        }
        catch (LinkException e)
        {
            WriteError(ErrorRecords.From(e, unit.Path));
        }
    }

    private void WriteNotElf(string path, string message) =>
        WriteError(ErrorRecords.From(new LinkException(ErrorId.NotElf, message, path), path));

    private IEnumerable<string> ResolvePaths() => ParameterSetName == InputObjectSet
        ? InputObject.Select(i => i.Path)
        : ProviderPaths.Resolve(this, ParameterSetName == LiteralSet ? LiteralPath : Path, literal: ParameterSetName == LiteralSet);
}
