// The linker's side of the plugin interface: the C functions whose addresses go into the transfer vector.
// A C function pointer carries no state, so each forwards to the one session current in the process
// (LtoSession.Current; a plugin's own state is process-wide too). Nothing may unwind out of these into the
// plugin, so every failure becomes a status code and a recorded error that the link reports afterwards.
using System.Runtime.InteropServices;

namespace Wild.Engine.Lto;

internal static unsafe class PluginCallbacks
{
    [UnmanagedCallersOnly]
    public static int RegisterClaimFile(nint handler)
    {
        if (LtoSession.Current is not { Plugin: { } plugin }) return PluginAbi.LDPS_ERR;
        plugin.ClaimFileHook = handler;
        return PluginAbi.LDPS_OK;
    }

    [UnmanagedCallersOnly]
    public static int RegisterAllSymbolsRead(nint handler)
    {
        if (LtoSession.Current is not { Plugin: { } plugin }) return PluginAbi.LDPS_ERR;
        plugin.AllSymbolsReadHook = handler;
        return PluginAbi.LDPS_OK;
    }

    [UnmanagedCallersOnly]
    public static int RegisterCleanup(nint handler)
    {
        if (LtoSession.Current is not { Plugin: { } plugin }) return PluginAbi.LDPS_ERR;
        plugin.CleanupHook = handler;
        return PluginAbi.LDPS_OK;
    }

    [UnmanagedCallersOnly]
    public static int AddSymbols(nint handle, int count, PluginSymbol* symbols)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.AddSymbols(handle, count <= 0 || symbols == null ? [] : new ReadOnlySpan<PluginSymbol>(symbols, count)); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int GetSymbolsV1(nint handle, int count, PluginSymbol* symbols) => GetSymbols(handle, count, symbols, 1);

    [UnmanagedCallersOnly]
    public static int GetSymbolsV2(nint handle, int count, PluginSymbol* symbols) => GetSymbols(handle, count, symbols, 2);

    [UnmanagedCallersOnly]
    public static int GetSymbolsV3(nint handle, int count, PluginSymbol* symbols) => GetSymbols(handle, count, symbols, 3);

    private static int GetSymbols(nint handle, int count, PluginSymbol* symbols, int version)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.GetSymbols(handle, count <= 0 || symbols == null ? [] : new Span<PluginSymbol>(symbols, count), version); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int AddInputFile(byte* path)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.AddInputFile(Utf8(path)); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int AddInputLibrary(byte* name)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.AddInputLibrary(Utf8(name)); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int SetExtraLibraryPath(byte* path)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.SetExtraLibraryPath(Utf8(path)); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int GetInputFile(nint handle, PluginInputFile* file)
    {
        if (LtoSession.Current is not { } s || file == null) return PluginAbi.LDPS_ERR;
        try { return s.GetInputFile(handle, out *file); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int ReleaseInputFile(nint handle)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        try { return s.ReleaseInputFile(handle); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int GetView(nint handle, void** view)
    {
        if (LtoSession.Current is not { } s || view == null) return PluginAbi.LDPS_ERR;
        try { return s.GetView(handle, out *view); }
        catch (Exception e) { return s.Internal(e); }
    }

    [UnmanagedCallersOnly]
    public static int GetWrapSymbols(ulong* count, byte*** names)
    {
        if (LtoSession.Current is not { } s || count == null || names == null) return PluginAbi.LDPS_ERR;
        try { return s.GetWrapSymbols(out *count, out *names); }
        catch (Exception e) { return s.Internal(e); }
    }

    /// <summary>message(level, format, ...): eight integer arguments are read, more than any plugin's format uses;
    /// see PluginMessage for why this works for a variadic caller.</summary>
    [UnmanagedCallersOnly]
    public static int Message(int level, byte* format, nint a0, nint a1, nint a2, nint a3, nint a4, nint a5, nint a6, nint a7)
    {
        if (LtoSession.Current is not { } s) return PluginAbi.LDPS_ERR;
        string text;
        try
        {
            ReadOnlySpan<nint> args = [a0, a1, a2, a3, a4, a5, a6, a7];
            text = PluginMessage.Format(format, args);
        }
        catch (Exception e)
        {
            text = $"(a message that could not be formatted: {e.Message})";
        }
        // LDPL_FATAL never returns (see PluginThread): the session parks this thread.
        try { return s.Message(level, text); }
        catch (Exception e) { return s.Internal(e); }
    }

    /// <summary>get_api_version: Wild offers linker API v1 (get_symbols_v3, add_symbols_v2, thread-safe add_symbols).</summary>
    [UnmanagedCallersOnly]
    public static int GetApiVersion(byte* pluginIdentifier, byte* pluginVersion, int minimal, int maximal, byte** linkerIdentifier,
        byte** linkerVersion)
    {
        if (linkerIdentifier != null) *linkerIdentifier = (byte*)s_identifier;
        if (linkerVersion != null) *linkerVersion = (byte*)s_version;
        bool v1 = minimal <= PluginAbi.LAPI_V1 && maximal >= PluginAbi.LAPI_V1;
        if (LtoSession.Current is { Plugin: { } plugin }) plugin.NegotiatedApiV1 = v1;
        return v1 ? PluginAbi.LAPI_V1 : PluginAbi.LAPI_V0;
    }

    // The identifier strings must outlive every plugin, so they are made once per process.
    private static readonly nint s_identifier = Marshal.StringToCoTaskMemUTF8("Wild");
    private static readonly nint s_version = Marshal.StringToCoTaskMemUTF8(LinkerVersion.Text);

    private static string Utf8(byte* s) =>
        s == null ? "" : System.Text.Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(s));
}
