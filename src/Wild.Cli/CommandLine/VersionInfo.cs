// The version line build systems probe for: Meson looks for "GNU" in --version, libtool matches `ld -v`
// against *GNU*, so the line says "compatible with GNU linkers". The number is the assembly's
// informational version without the "+commit" suffix the SDK appends.
using System.Reflection;

namespace Wild.Cli.CommandLine;

internal static class VersionInfo
{
    public static string Number { get; } = ReadNumber();

    public static string Line => $"Wild {Number} (compatible with GNU linkers)";

    private static string ReadNumber()
    {
        string? v = typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(v))
            return "0.0.0";
        int plus = v.IndexOf('+');
        return plus < 0 ? v : v[..plus];
    }
}
