// -Path and -LiteralPath as every cmdlet of the module takes them: -Path is resolved through the PowerShell
// providers with wildcards, -LiteralPath is taken as given. A -Path that names nothing, and a wildcard that
// matches no file, is a non-terminating ObjectNotFound error (handed to the caller's sink too, so Read-ElfObject
// can record it), and the cmdlet goes on with the rest. Opening the files is the caller's job.
using System.Collections.ObjectModel;
using System.Management.Automation;
using Wild.Engine.Diagnostics;

namespace Wild.PowerShell.Cmdlets;

internal static class ProviderPaths
{
    public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal, Action<ErrorRecord>? failed = null)
    {
        foreach (var p in paths)
        {
            if (literal)
            {
                yield return cmdlet.GetUnresolvedProviderPathFromPSPath(p);
                continue;
            }
            Collection<string>? resolved = null;
            ErrorRecord? error = null;
            try
            {
                resolved = cmdlet.GetResolvedProviderPathFromPSPath(p, out _);
            }
            catch (ItemNotFoundException e)
            {
                error = new ErrorRecord(e, ErrorId.InputNotFound.ToString(), ErrorCategory.ObjectNotFound, p);
            }
            // The provider answers a wildcard that matches nothing with an empty list, silently: for a linker that is
            // a missing input like any other.
            if (resolved is { Count: 0 })
                error = new ErrorRecord(new ItemNotFoundException($"{p}: no file matches this wildcard pattern"),
                    ErrorId.InputNotFound.ToString(), ErrorCategory.ObjectNotFound, p);
            if (error is not null)
            {
                failed?.Invoke(error);
                cmdlet.WriteError(error);
                continue;
            }
            foreach (var r in resolved!) yield return r;
        }
    }
}
