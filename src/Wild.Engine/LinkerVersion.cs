// The linker's version, as written into .comment, handed to LTO plugins and printed by `wild --version`. `Text`
// (the project's Version, without the "+commit" the SDK appends to the informational version) is a constant that
// Wild.Engine.csproj generates at build time, so no link pays a reflection lookup for it.
namespace Wild.Engine;

public static partial class LinkerVersion;
