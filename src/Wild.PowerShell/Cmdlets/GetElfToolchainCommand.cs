// Get-ElfToolchain: the start files, library folders and libraries a link of one output kind needs, asked of
// gcc or clang (Toolchain/ToolchainProbe), so link scripts stop carrying their own copies of those questions.
// A compiler that is missing or cannot answer is a terminating error: nothing can be linked without it.
using System.Management.Automation;
using Wild.Engine;
using Wild.PowerShell.Toolchain;

namespace Wild.PowerShell.Cmdlets;

[Cmdlet(VerbsCommon.Get, "ElfToolchain")]
[OutputType(typeof(ElfToolchain))]
public sealed class GetElfToolchainCommand : PSCmdlet
{
    /// <summary>The output kind to find the files for (the same names as Resolve-ElfSymbol -OutputKind).</summary>
    [Parameter(Position = 0)]
    public OutputKind OutputKind { get; set; } = OutputKind.Static;

    /// <summary>The compiler driver to ask: gcc (default), clang, or a path.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Compiler { get; set; } = "gcc";

    protected override void EndProcessing()
    {
        try
        {
            WriteObject(ToolchainProbe.Probe(Compiler, OutputKind));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            ThrowTerminatingError(new ErrorRecord(e, "ToolchainNotFound", ErrorCategory.ObjectNotFound, Compiler));
        }
    }
}
