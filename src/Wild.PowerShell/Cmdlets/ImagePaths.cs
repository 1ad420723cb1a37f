// Reading linked files for the cmdlets that measure and compare them (Measure-ElfImage, Compare-ElfImage):
// a bad file is a non-terminating error, and the cmdlet goes on with the next. Paths come from ProviderPaths.
using System.Management.Automation;
using Wild.Engine.Diagnostics;

namespace Wild.PowerShell.Cmdlets;

internal static class ImagePaths
{
    /// <summary>Reads a linked file; a bad file is a non-terminating error and null.</summary>
    public static Wild.Engine.Reports.LinkedImage? Read(PSCmdlet cmdlet, string path)
    {
        try
        {
            return Wild.Engine.Reports.LinkedImage.Read(path);
        }
        catch (LinkException e)
        {
            cmdlet.WriteError(ErrorRecords.From(e, path));
            return null;
        }
    }
}
