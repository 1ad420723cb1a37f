// Picks sections by name (wildcards) for the cmdlets that read section contents (Get-ElfString,
// Get-ElfSectionData); a name that matches no section of a file is a non-terminating error naming both.
using System.Management.Automation;
using Wild.Engine.Input;

namespace Wild.PowerShell.Cmdlets;

internal static class SectionSelection
{
    public static List<int> Find(PSCmdlet cmdlet, ObjectFile obj, in ElfUnit unit, string[] names)
    {
        var picked = new List<int>();
        foreach (var name in names)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.CultureInvariant);
            int before = picked.Count;
            for (int s = 1; s < obj.SectionCount; s++)
                if (pattern.IsMatch(obj.SectionNameString(s)) && !picked.Contains(s)) picked.Add(s);
            if (picked.Count == before && !WildcardPattern.ContainsWildcardCharacters(name))
                cmdlet.WriteError(new ErrorRecord(new ItemNotFoundException($"{unit.DisplayName}: no section named {name}"),
                    "SectionNotFound", ErrorCategory.ObjectNotFound, name));
        }
        picked.Sort();
        return picked;
    }
}
