// Path handling shared by the cmdlets that read linked files (Measure-ElfImage, Compare-ElfImage): -Path
// with wildcards, -LiteralPath as given, each unresolvable path a non-terminating ObjectNotFound error.
using System.Collections.ObjectModel;
using System.Management.Automation;
using Wild.Engine.Diagnostics;

namespace Wild.PowerShell.Cmdlets;

internal static class ImagePaths
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        foreach (var p in paths)
        {
            if (literal)
            {
                yield return cmdlet.GetUnresolvedProviderPathFromPSPath(p);
                continue;
            }
            Collection<string> resolved;
            try
            {
                resolved = cmdlet.GetResolvedProviderPathFromPSPath(p, out _);
            }
            catch (ItemNotFoundException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, ErrorId.InputNotFound.ToString(), ErrorCategory.ObjectNotFound, p));
                continue;
            }
            foreach (var r in resolved) yield return r;
        }
    }

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
