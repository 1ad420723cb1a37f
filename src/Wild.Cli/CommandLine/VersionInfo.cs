// The version line build systems probe for: Meson looks for "GNU" in --version, libtool matches `ld -v`
// against *GNU*, so the line says "compatible with GNU linkers". The number is the engine's LinkerVersion.
using Wild.Engine;

namespace Wild.Cli.CommandLine;

internal static class VersionInfo
{
    public const string Number = LinkerVersion.Text;

    public const string Line = $"Wild {Number} (compatible with GNU linkers)";
}
