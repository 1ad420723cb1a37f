// GCC's LTO objects are ELF: GIMPLE in .gnu.lto_* sections, and with -ffat-lto-objects the regular code
// beside it. A slim one (the default) has no code at all, only the marker symbol __gnu_lto_slim; a link
// that no plugin serves can use a fat one like any object (GNU ld does with -fno-lto) but not a slim one.
using Wild.Engine.Input;

namespace Wild.Engine.Lto;

internal static class GccLtoObject
{
    /// <summary>Whether an object with .gnu.lto_ sections is slim (IR only): it defines __gnu_lto_slim.</summary>
    public static bool IsSlim(ObjectFile obj)
    {
        var symbols = obj.Symbols;
        for (int s = obj.FirstGlobal; s < symbols.Length; s++)
            if (obj.SymbolName(s).SequenceEqual("__gnu_lto_slim"u8))
                return true;
        return false;
    }

    /// <summary>Why a slim object cannot be linked here: no plugin, or a plugin that did not claim it.</summary>
    public static string SlimMessage(ObjectFile obj, LinkOptions options) => options.Plugin is null
        ? $"{obj.DisplayName}: GCC LTO object (built with -flto) needs the LTO plugin: link through gcc -flto, which passes -plugin liblto_plugin.so, or build it with -ffat-lto-objects"
        : $"{obj.DisplayName}: GCC LTO object not claimed by the LTO plugin {options.Plugin}; link through the gcc that built it";
}
