// The linker's version, as written into .comment and printed by --version.
using System.Reflection;

namespace Wild.Engine;

internal static class LinkerVersion
{
    public static string Text { get; } = Read();

    private static string Read()
    {
        var info = typeof(LinkerVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                   ?? typeof(LinkerVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        int plus = info.IndexOf('+');
        return plus >= 0 ? info[..plus] : info;
    }
}
