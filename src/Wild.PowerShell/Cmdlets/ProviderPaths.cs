// -Path and -LiteralPath as every cmdlet of the module takes them: -Path is resolved through the PowerShell
// providers with wildcards, -LiteralPath is taken as given; a -Path that matches nothing is a
// non-terminating ObjectNotFound error, and the cmdlet goes on with the rest. Opening the files is the caller's job.
using System.Collections.ObjectModel;
using System.Management.Automation;
using Wild.Engine.Diagnostics;

namespace Wild.PowerShell.Cmdlets;

internal static class ProviderPaths
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
}
