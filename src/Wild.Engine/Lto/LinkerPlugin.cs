// One loaded linker plugin: dlopen through NativeLibrary, the transfer vector handed to its onload (every
// callback Wild offers, the -plugin-opt options, the output's kind and name), the three hooks it registers
// back, and calls into them on the plugin thread. What the callbacks answer, and when each hook is called
// in the link, is LtoSession's business; this file only keeps the library and speaks its calling convention.
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Lto;

internal sealed unsafe partial class LinkerPlugin : IDisposable
{
    private readonly PluginThread _thread = new();
    // Strings and the transfer vector: the plugin may keep pointers into them (GCC's keeps its options).
    private readonly List<nint> _native = [];
    private nint _library;

    private LinkerPlugin(string path) => Path = path;

    public string Path { get; }

    /// <summary>The hooks the plugin registered during onload (0 when it registered none).</summary>
    internal nint ClaimFileHook, AllSymbolsReadHook, CleanupHook;

    /// <summary>Set when the plugin negotiated linker API v1 (GCC 13 and later): it then asks get_symbols_v3.</summary>
    internal bool NegotiatedApiV1;

    /// <summary>Whether the plugin asks get_symbols_v3, which may answer LDPS_NO_SYMS for a claimed archive member
    /// that resolution left out. LLVM's plugin has always asked v3 when offered it (and has no other way to say
    /// so); GCC's does from version 13, which negotiates the API. Older GCC asks v2, and writes every claimed file
    /// into its resolution file whatever the answer.</summary>
    public bool AsksGetSymbolsV3 => NegotiatedApiV1 || System.IO.Path.GetFileName(Path).Contains("LLVMgold", StringComparison.Ordinal);

    /// <summary>True once the plugin has reported a fatal error; it must not be called again.</summary>
    public bool Failed => _thread.Failed;

    /// <summary>Loads <paramref name="path"/> and calls its onload. The session must already be current, and
    /// <paramref name="attach"/> makes this plugin its own before onload registers hooks through the callbacks.</summary>
    public static LinkerPlugin Load(string path, LinkOptions options, Action<LinkerPlugin> attach, CancellationToken cancellation)
    {
        var plugin = new LinkerPlugin(path);
        attach(plugin);
        try
        {
            if (!NativeLibrary.TryLoad(path, out plugin._library))
                throw new LinkException(ErrorId.LtoPlugin, $"{path}: error loading plugin: {LoadError(path)}", path);
            if (!NativeLibrary.TryGetExport(plugin._library, "onload", out nint onload))
                throw new LinkException(ErrorId.LtoPlugin, $"{path}: not a linker plugin: it has no onload function", path);
            var vector = plugin.TransferVector(options);
            int status = plugin._thread.Run(() => ((delegate* unmanaged<TransferVectorEntry*, int>)onload)(vector), cancellation);
            if (status != PluginAbi.LDPS_OK)
                throw new LinkException(ErrorId.LtoPlugin, $"{path}: plugin failed to load (onload returned {status})", path);
            if (plugin.ClaimFileHook == 0)
                throw new LinkException(ErrorId.LtoPlugin, $"{path}: plugin registered no claim_file handler", path);
            return plugin;
        }
        catch
        {
            plugin.Dispose();
            throw;
        }
    }

    private TransferVectorEntry* TransferVector(LinkOptions options)
    {
        var entries = new List<TransferVectorEntry>();
        void Add(int tag, nint value) => entries.Add(new TransferVectorEntry { Tag = tag, Value = value });
        // LLVM's plugin expects message first, so that it can report problems with the rest.
        Add(PluginAbi.LDPT_MESSAGE, (nint)(delegate* unmanaged<int, byte*, nint, nint, nint, nint, nint, nint, nint, nint, int>)&PluginCallbacks.Message);
        Add(PluginAbi.LDPT_API_VERSION, PluginAbi.LD_PLUGIN_API_VERSION);
        Add(PluginAbi.LDPT_LINKER_OUTPUT, options.Kind switch
        {
            OutputKind.Shared => PluginAbi.LDPO_DYN,
            OutputKind.Relocatable => PluginAbi.LDPO_REL,
            OutputKind.Pie or OutputKind.StaticPie => PluginAbi.LDPO_PIE,
            _ => PluginAbi.LDPO_EXEC,
        });
        Add(PluginAbi.LDPT_OUTPUT_NAME, NativeString(options.OutputPath));
        foreach (string option in options.PluginOptions)
            Add(PluginAbi.LDPT_OPTION, NativeString(option));
        Add(PluginAbi.LDPT_REGISTER_CLAIM_FILE_HOOK, (nint)(delegate* unmanaged<nint, int>)&PluginCallbacks.RegisterClaimFile);
        Add(PluginAbi.LDPT_REGISTER_ALL_SYMBOLS_READ_HOOK, (nint)(delegate* unmanaged<nint, int>)&PluginCallbacks.RegisterAllSymbolsRead);
        Add(PluginAbi.LDPT_REGISTER_CLEANUP_HOOK, (nint)(delegate* unmanaged<nint, int>)&PluginCallbacks.RegisterCleanup);
        Add(PluginAbi.LDPT_ADD_SYMBOLS, (nint)(delegate* unmanaged<nint, int, PluginSymbol*, int>)&PluginCallbacks.AddSymbols);
        Add(PluginAbi.LDPT_ADD_SYMBOLS_V2, (nint)(delegate* unmanaged<nint, int, PluginSymbol*, int>)&PluginCallbacks.AddSymbols);
        Add(PluginAbi.LDPT_GET_SYMBOLS, (nint)(delegate* unmanaged<nint, int, PluginSymbol*, int>)&PluginCallbacks.GetSymbolsV1);
        Add(PluginAbi.LDPT_GET_SYMBOLS_V2, (nint)(delegate* unmanaged<nint, int, PluginSymbol*, int>)&PluginCallbacks.GetSymbolsV2);
        Add(PluginAbi.LDPT_GET_SYMBOLS_V3, (nint)(delegate* unmanaged<nint, int, PluginSymbol*, int>)&PluginCallbacks.GetSymbolsV3);
        Add(PluginAbi.LDPT_ADD_INPUT_FILE, (nint)(delegate* unmanaged<byte*, int>)&PluginCallbacks.AddInputFile);
        Add(PluginAbi.LDPT_ADD_INPUT_LIBRARY, (nint)(delegate* unmanaged<byte*, int>)&PluginCallbacks.AddInputLibrary);
        Add(PluginAbi.LDPT_SET_EXTRA_LIBRARY_PATH, (nint)(delegate* unmanaged<byte*, int>)&PluginCallbacks.SetExtraLibraryPath);
        Add(PluginAbi.LDPT_GET_INPUT_FILE, (nint)(delegate* unmanaged<nint, PluginInputFile*, int>)&PluginCallbacks.GetInputFile);
        Add(PluginAbi.LDPT_RELEASE_INPUT_FILE, (nint)(delegate* unmanaged<nint, int>)&PluginCallbacks.ReleaseInputFile);
        Add(PluginAbi.LDPT_GET_VIEW, (nint)(delegate* unmanaged<nint, void**, int>)&PluginCallbacks.GetView);
        Add(PluginAbi.LDPT_GET_WRAP_SYMBOLS, (nint)(delegate* unmanaged<ulong*, byte***, int>)&PluginCallbacks.GetWrapSymbols);
        Add(PluginAbi.LDPT_GET_API_VERSION, (nint)(delegate* unmanaged<byte*, byte*, int, int, byte**, byte**, int>)&PluginCallbacks.GetApiVersion);
        Add(PluginAbi.LDPT_NULL, 0);

        var vector = (TransferVectorEntry*)Marshal.AllocCoTaskMem(entries.Count * sizeof(TransferVectorEntry));
        _native.Add((nint)vector);
        for (int i = 0; i < entries.Count; i++) vector[i] = entries[i];
        return vector;
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="s"/> that lives as long as the plugin is loaded.</summary>
    internal nint NativeString(string s)
    {
        nint p = Marshal.StringToCoTaskMemUTF8(s);
        _native.Add(p);
        return p;
    }

    /// <summary>Zeroed native memory that lives as long as the plugin is loaded.</summary>
    internal nint NativeBlock(int bytes)
    {
        nint p = Marshal.AllocCoTaskMem(Math.Max(1, bytes));
        new Span<byte>((void*)p, Math.Max(1, bytes)).Clear();
        _native.Add(p);
        return p;
    }

    /// <summary>claim_file: whether the plugin takes <paramref name="file"/>; its symbols arrive through add_symbols.</summary>
    public bool ClaimFile(PluginInputFile file, CancellationToken cancellation, out int status)
    {
        var (result, claimed) = _thread.Run(() =>
        {
            int c = 0;
            var f = file;
            int s = ((delegate* unmanaged<PluginInputFile*, int*, int>)ClaimFileHook)(&f, &c);
            return (s, c);
        }, cancellation);
        status = result;
        return claimed != 0;
    }

    /// <summary>all_symbols_read: the plugin asks for resolutions, compiles, and adds its objects.</summary>
    public int AllSymbolsRead(CancellationToken cancellation) =>
        AllSymbolsReadHook == 0 ? PluginAbi.LDPS_OK
            : _thread.Run(() => ((delegate* unmanaged<int>)AllSymbolsReadHook)(), cancellation);

    /// <summary>cleanup: the plugin removes its temporary files.</summary>
    public int Cleanup(CancellationToken cancellation) =>
        CleanupHook == 0 || Failed ? PluginAbi.LDPS_OK
            : _thread.Run(() => ((delegate* unmanaged<int>)CleanupHook)(), cancellation);

    /// <summary>cleanup, called on the calling thread: for LDPL_FATAL, when the plugin thread is the one reporting.</summary>
    public void CleanupHere()
    {
        if (CleanupHook != 0) ((delegate* unmanaged<int>)CleanupHook)();
    }

    /// <summary>Called from the message callback for LDPL_FATAL: see PluginThread.</summary>
    public void ParkAfterFatal(string message) => _thread.ParkAfterFatal(message);

    /// <summary>Unloads the library (unless a fatal error parked a thread inside it) and frees what it was given.
    /// Returns whether the library is really gone, so that loading it again starts from fresh state.</summary>
    public bool Unload()
    {
        _thread.Dispose();
        if (_thread.Failed) return false;
        if (_library != 0)
        {
            NativeLibrary.Free(_library);
            _library = 0;
        }
        foreach (nint p in _native)
            Marshal.FreeCoTaskMem(p);
        _native.Clear();
        if (!OperatingSystem.IsLinux()) return false;
        nint again = DlOpen(Path, RTLD_LAZY | RTLD_NOLOAD);
        if (again == 0) return true;
        DlClose(again);
        return false;
    }

    public void Dispose() => Unload();

    /// <summary>The dynamic loader's own reason (dlerror) for refusing <paramref name="path"/>: NativeLibrary's
    /// exception wraps it in advice about strace.</summary>
    private static string LoadError(string path)
    {
        if (!OperatingSystem.IsLinux()) return "cannot load it";
        // Binding the P/Invoke stubs loads libc through the loader too, which would overwrite the error; a first
        // call binds dlerror (and clears any old error) before the dlopen whose error is wanted.
        DlError();
        nint h = DlOpen(path, RTLD_LAZY);
        if (h != 0)
        {
            DlClose(h);
            return "cannot load it";
        }
        nint e = DlError();
        return e == 0 ? "cannot load it" : Marshal.PtrToStringUTF8(e) ?? "cannot load it";
    }

    private const int RTLD_LAZY = 1, RTLD_NOLOAD = 4;

    [LibraryImport("libc", EntryPoint = "dlerror")]
    private static partial nint DlError();

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint DlOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "dlclose")]
    private static partial int DlClose(nint handle);
}
