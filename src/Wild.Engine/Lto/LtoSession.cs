// One link's conversation with the LTO plugin, in GNU ld's order: after the inputs are read the plugin is
// loaded (only then: a link without IR never opens it) and offered each IR input, and the files it claims are
// replaced by stub objects of the symbols it adds (Claim). After the first resolution over those stubs,
// "all symbols read": the plugin asks get_symbols for each claimed file, compiles, and adds its objects,
// which are read into memory before its cleanup removes them (Optimise). Building the inputs of the second
// resolution from them is LtoInputSet's job; the callbacks' C side is PluginCallbacks.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;
using Wild.Engine.Parallel;
using Wild.Engine.Resolution;

namespace Wild.Engine.Lto;

internal sealed unsafe class LtoSession : IDisposable
{
    // A plugin keeps process-wide state, so one LTO link runs at a time in a process (the module may run several).
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static LtoSession? s_current;
    // Set when a fatal error left a thread parked inside a plugin, which can then be neither unloaded nor reused.
    private static string? s_poisoned;
    // Plugins that stayed loaded after their link (LLVMgold.so cannot be unloaded, and shuts LLVM down after
    // all_symbols_read), by full path: they cannot serve another link in this process.
    private static readonly HashSet<string> s_spent = new(StringComparer.Ordinal);
    // Handles are unique in the process, so a plugin's stale state can never name a file of a later link.
    private static long s_lastHandle;

    private readonly object _lock = new();
    private readonly LinkOptions _options;
    private readonly DiagnosticBag _diagnostics;
    private readonly CancellationToken _cancellation;
    // Every file offered to the plugin, by handle.
    private readonly Dictionary<nint, ClaimedInput> _offered = [];
    private List<ClaimedInput> _claimed = [];
    private bool _reclaiming;
    private PluginResolutions? _answers;
    private readonly List<string> _addedFiles = [], _addedLibraries = [], _extraLibraryPaths = [];
    private readonly List<string> _errors = [];
    private bool _disposed;

    private LtoSession(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        _options = options;
        _diagnostics = diagnostics;
        _cancellation = cancellation;
    }

    /// <summary>The session the plugin's callbacks speak to, or null.</summary>
    public static LtoSession? Current => Volatile.Read(ref s_current);

    public LinkerPlugin? Plugin { get; private set; }

    private sealed class ClaimedInput(IrInput source, nint handle)
    {
        public IrInput Source { get; } = source;
        public nint Handle { get; } = handle;
        public nint NativeName { get; set; }
        public ObjectFile? Stub { get; set; }
        public int SymbolCount { get; set; } = -1;
        public bool Loaded { get; set; }
        public List<int> OpenDescriptors { get; } = [];
    }

    /// <summary>
    /// Offers every IR input of <paramref name="inputs"/> to the plugin, in input order, and returns the inputs
    /// with each claimed file's stub in its place, and the session that continues after the first resolution
    /// (null when nothing was claimed: GCC's fat objects then link their regular code).
    /// </summary>
    public static (InputSet Inputs, LtoSession? Session) Claim(InputSet inputs, LinkOptions options, DiagnosticBag diagnostics,
        CancellationToken cancellation)
    {
        if (inputs.IrInputs.Count == 0 || options.Plugin is null)
            return (inputs, null);
        var session = Start(options, diagnostics, cancellation);
        try
        {
            var objects = (ObjectFile[])inputs.Objects.Clone();
            foreach (var ir in inputs.IrInputs)
            {
                if (session.Offer(ir) is { } stub)
                    objects[ir.FileId] = stub;
                else if (ir.IsBitcode)
                    throw new LinkException(ErrorId.LtoPlugin,
                        $"{ir.Name}: LLVM bitcode not claimed by the LTO plugin {options.Plugin}; link through the compiler that built it (clang -flto)",
                        ir.Name);
            }
            if (session._claimed.Count == 0)
            {
                session.Dispose();
                return (inputs, null);
            }
            return (inputs.Derive(inputs.Entries, objects, [], awaitsLto: true), session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static LtoSession Start(LinkOptions options, DiagnosticBag diagnostics, CancellationToken cancellation)
    {
        s_gate.Wait(cancellation);
        var session = new LtoSession(options, diagnostics, cancellation);
        try
        {
            if (s_poisoned is { } why)
                throw new LinkException(ErrorId.LtoPlugin,
                    $"{options.Plugin}: the LTO plugin cannot be used again in this process: an earlier link failed inside it ({why})");
            lock (s_spent)
                if (s_spent.Contains(Path.GetFullPath(options.Plugin!)))
                    throw new LinkException(ErrorId.LtoPlugin,
                        $"{options.Plugin}: this plugin serves one link per process (it cannot be unloaded, and LLVM's shuts LLVM " +
                        "down after its link); run each LTO link in a process of its own (the wild command, or a new pwsh)", options.Plugin);
            Volatile.Write(ref s_current, session);
            NativeEnvironment.WriteThrough();
            session.Plugin = LinkerPlugin.Load(options.Plugin!, options, p => session.Plugin = p, cancellation);
            session.ThrowIfErrors($"{options.Plugin}: plugin failed to load");
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>claim_file for one input; the stub object of its symbols, or null if the plugin does not claim it.</summary>
    private ObjectFile? Offer(IrInput ir) => OfferFile(ir)?.Stub;

    private ClaimedInput? OfferFile(IrInput ir)
    {
        var plugin = Plugin!;
        ClaimedInput c;
        lock (_lock)
        {
            c = new ClaimedInput(ir, (nint)Interlocked.Increment(ref s_lastHandle));
            _offered.Add(c.Handle, c);
        }
        c.NativeName = plugin.NativeString(ir.File.Path);
        int fd = OpenDescriptor(ir);
        bool claimed;
        int status;
        try
        {
            // Like GNU ld: the file's own path and the member's offset in it, so GCC's lto-wrapper can read
            // archive members as path@offset.
            var file = new PluginInputFile { Name = (byte*)c.NativeName, Fd = fd, Offset = ir.Offset, FileSize = ir.Size, Handle = c.Handle };
            claimed = plugin.ClaimFile(file, _cancellation, out status);
        }
        finally
        {
            PosixFiles.Close(fd);
        }
        ThrowIfErrors($"{ir.Name}: plugin reported error claiming file");
        if (status != PluginAbi.LDPS_OK)
            throw new LinkException(ErrorId.LtoPlugin, $"{ir.Name}: plugin reported error claiming file (status {status})", ir.Name);
        if (!claimed) return null;
        if (c.SymbolCount < 0) c.SymbolCount = 0;
        if (!_reclaiming) c.Stub ??= StubObject.For([], ir.Name, ir.Archive);
        _claimed.Add(c);
        return c;
    }

    private int OpenDescriptor(IrInput ir)
    {
        try
        {
            return PosixFiles.OpenRead(ir.File.Path);
        }
        catch (IOException e)
        {
            throw new LinkException(ErrorId.InputNotFound, $"cannot open {ir.File.Path}: {e.Message}", ir.Name, e);
        }
    }

    /// <summary>
    /// After the first resolution: tells the plugin which claimed files joined the link and how their symbols
    /// resolved, lets it compile them, and returns the inputs for the second resolution, with the plugin's
    /// objects in place of the claimed files. The session ends here (cleanup and unload) whatever happens.
    /// </summary>
    public InputSet Optimise(InputSet inputs, SymbolResolution resolution, ParallelWork work)
    {
        try
        {
            foreach (var c in _claimed) c.Loaded = resolution.IsLoaded(c.Source.FileId);
            var loaded = _claimed.Where(c => c.Loaded).ToList();
            var added = new List<ObjectFile>();
            var detached = new List<MappedFile>();
            if (loaded.Count > 0)
            {
                // GCC before 13 cannot be told that a claimed archive member stayed out of the link: it compiles
                // every claimed file (and runs its constructors). It is unloaded and offered only those that joined.
                if (loaded.Count < _claimed.Count && !Plugin!.AsksGetSymbolsV3)
                    Reload(loaded);
                _answers = new PluginResolutions(resolution, _claimed.Select(c => c.Source.FileId));
                int status = Plugin!.AllSymbolsRead(_cancellation);
                ThrowIfErrors($"{_options.Plugin}: plugin reported error after all symbols read");
                if (status != PluginAbi.LDPS_OK)
                    throw new LinkException(ErrorId.LtoPlugin,
                        $"{_options.Plugin}: plugin reported error after all symbols read (status {status})", _options.Plugin);
                // The plugin's objects are read into memory now: its cleanup removes them before the output is written.
                // A file that is already an input is one of gcc's pass-through libraries, which the rescan covers, or
                // (GCC's -nop debugging option) a claimed fat object handed back to be linked as it is.
                var sources = new List<(MappedFile File, long Offset, long Size, string Name)>();
                foreach (string path in _addedFiles)
                {
                    if (LtoInputSet.Find(inputs, path) is { } input)
                    {
                        if (_claimed.FirstOrDefault(c => c.Source.Archive is null && c.Source.File == input) is { } original)
                            sources.Add((input, 0, input.Length, original.Source.Name));
                        continue;
                    }
                    var file = MappedFile.ReadDetached(path);
                    detached.Add(file);
                    sources.Add((file, 0, file.Length, path));
                }
                var objects = new ObjectFile[sources.Count];
                work.For(sources.Count, i => objects[i] = new ObjectFile(sources[i].File, sources[i].Offset, sources[i].Size, sources[i].Name));
                added.AddRange(objects);
            }
            return LtoInputSet.Build(inputs, _claimed.Select(c => c.Source.FileId).ToArray(),
                loaded.Count == 0 ? -1 : loaded.Min(c => c.Source.FileId), added, detached,
                _addedLibraries, _extraLibraryPaths, _options);
        }
        finally
        {
            Dispose();
        }
    }

    private void Reload(List<ClaimedInput> loaded)
    {
        string path = _options.Plugin!;
        var old = Plugin!;
        Plugin = null;
        if (!old.Unload())
            throw new LinkException(ErrorId.LtoPlugin,
                $"{path}: {_claimed.Count - loaded.Count} claimed archive members are not in the link, and this plugin (no get_symbols_v3) " +
                "would compile them anyway; unloading it to offer only the others failed", path);
        Plugin = LinkerPlugin.Load(path, _options, p => Plugin = p, _cancellation);
        ThrowIfErrors($"{path}: plugin failed to load");
        _claimed = [];
        _reclaiming = true;
        try
        {
            foreach (var before in loaded)
            {
                // The plugin gives a file the same symbols in the same order each time; the answers rely on it.
                if (OfferFile(before.Source) is not { } again || again.SymbolCount != before.SymbolCount)
                    throw new LinkException(ErrorId.LtoPlugin,
                        $"{before.Source.Name}: the plugin answered differently when offered the file again", before.Source.Name);
                again.Loaded = true;
                again.Stub = before.Stub;
            }
        }
        finally
        {
            _reclaiming = false;
        }
    }

    // --- the callbacks' side -------------------------------------------------------------------------------

    private ClaimedInput? Find(nint handle)
    {
        lock (_lock)
            return _offered.GetValueOrDefault(handle);
    }

    public int AddSymbols(nint handle, ReadOnlySpan<PluginSymbol> symbols)
    {
        if (Find(handle) is not { } c) return PluginAbi.LDPS_BAD_HANDLE;
        // On a reload the stub of the first claim stays: answers are given against the first resolution.
        var stub = _reclaiming ? null : StubObject.For(symbols, c.Source.Name, c.Source.Archive);
        lock (_lock)
        {
            c.SymbolCount = symbols.Length;
            if (stub is not null) c.Stub = stub;
        }
        return PluginAbi.LDPS_OK;
    }

    public int GetSymbols(nint handle, Span<PluginSymbol> symbols, int version)
    {
        // A handle of no file of this link (a plugin that kept state from an earlier one): leave that file out.
        if (Find(handle) is not { } c) return PluginAbi.LDPS_NO_SYMS;
        if (!c.Loaded)
        {
            // An archive member resolution did not load: the plugin must leave it out (get_symbols_v3).
            foreach (ref var s in symbols) s.Resolution = PluginAbi.LDPR_PREEMPTED_REG;
            return PluginAbi.LDPS_NO_SYMS;
        }
        if (_answers is null) return PluginAbi.LDPS_NO_SYMS;
        for (int i = 0; i < symbols.Length; i++)
            symbols[i].Resolution = _answers.Of(c.Source.FileId, i, version);
        return PluginAbi.LDPS_OK;
    }

    public int AddInputFile(string path)
    {
        lock (_lock) _addedFiles.Add(path);
        return PluginAbi.LDPS_OK;
    }

    public int AddInputLibrary(string name)
    {
        lock (_lock) _addedLibraries.Add(name);
        return PluginAbi.LDPS_OK;
    }

    public int SetExtraLibraryPath(string path)
    {
        lock (_lock) _extraLibraryPaths.Add(path);
        return PluginAbi.LDPS_OK;
    }

    public int GetInputFile(nint handle, out PluginInputFile file)
    {
        file = default;
        if (Find(handle) is not { } c) return PluginAbi.LDPS_BAD_HANDLE;
        int fd = OpenDescriptor(c.Source);
        lock (_lock) c.OpenDescriptors.Add(fd);
        file = new PluginInputFile { Name = (byte*)c.NativeName, Fd = fd, Offset = c.Source.Offset, FileSize = c.Source.Size, Handle = handle };
        return PluginAbi.LDPS_OK;
    }

    public int ReleaseInputFile(nint handle)
    {
        if (Find(handle) is not { } c) return PluginAbi.LDPS_BAD_HANDLE;
        lock (_lock)
        {
            foreach (int fd in c.OpenDescriptors) PosixFiles.Close(fd);
            c.OpenDescriptors.Clear();
        }
        return PluginAbi.LDPS_OK;
    }

    public int GetView(nint handle, out void* view)
    {
        view = null;
        if (Find(handle) is not { } c) return PluginAbi.LDPS_BAD_HANDLE;
        // The bytes stay mapped for the whole link, longer than the view must live (until release_input_file).
        var bytes = c.Source.File.Slice(c.Source.Offset, c.Source.Size);
        view = Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
        return PluginAbi.LDPS_OK;
    }

    public int GetWrapSymbols(out ulong count, out byte** names)
    {
        var plugin = Plugin!;
        count = (ulong)_options.Wrap.Count;
        names = null;
        if (_options.Wrap.Count == 0) return PluginAbi.LDPS_OK;
        names = (byte**)plugin.NativeBlock(_options.Wrap.Count * sizeof(nint));
        for (int i = 0; i < _options.Wrap.Count; i++)
            names[i] = (byte*)plugin.NativeString(_options.Wrap[i]);
        return PluginAbi.LDPS_OK;
    }

    public int Message(int level, string text)
    {
        switch (level)
        {
            case PluginAbi.LDPL_INFO:
                _diagnostics.Info(text);
                break;
            case PluginAbi.LDPL_WARNING:
                _diagnostics.Warn(text);
                break;
            case PluginAbi.LDPL_FATAL:
                Fatal(text);
                break;
            default:
                lock (_lock) _errors.Add(text);
                break;
        }
        return PluginAbi.LDPS_OK;
    }

    /// <summary>LDPL_FATAL: as GNU ld does on its way out, lets the plugin clean up, then parks this thread for good
    /// and fails the link from the thread that waits for the plugin.</summary>
    private void Fatal(string text)
    {
        var plugin = Plugin;
        string message = $"{_options.Plugin}: {text}";
        if (plugin is null)
        {
            lock (_lock) _errors.Add(text);
            return;
        }
        Volatile.Write(ref s_poisoned, text);
        plugin.CleanupHere();
        plugin.ParkAfterFatal(message);
    }

    /// <summary>An exception inside a callback: recorded as an error of the link, LDPS_ERR for the plugin.</summary>
    public int Internal(Exception e)
    {
        string text = e is LinkException le ? le.Message : $"internal error in a plugin callback: {e.GetType().Name}: {e.Message}";
        lock (_lock) _errors.Add(text);
        return PluginAbi.LDPS_ERR;
    }

    private void ThrowIfErrors(string what)
    {
        string[] errors;
        lock (_lock)
        {
            errors = [.. _errors];
            _errors.Clear();
        }
        if (errors.Length == 0) return;
        var e = new LinkException(ErrorId.LtoPlugin, what, _options.Plugin);
        foreach (string line in errors) e.WithContext($">>> {line}");
        throw e;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (Plugin is { } plugin)
            {
                if (!plugin.Failed)
                {
                    // Not cancellable: a cancelled link still removes the plugin's temporary files.
                    try { plugin.Cleanup(CancellationToken.None); }
                    catch (LinkException) { }
                    catch (OperationCanceledException) { }
                }
                if (!plugin.Unload())
                    lock (s_spent) s_spent.Add(Path.GetFullPath(plugin.Path));
            }
            lock (_lock)
                foreach (var c in _offered.Values)
                {
                    foreach (int fd in c.OpenDescriptors) PosixFiles.Close(fd);
                    c.OpenDescriptors.Clear();
                }
        }
        finally
        {
            Interlocked.CompareExchange(ref s_current, null, this);
            s_gate.Release();
        }
    }
}
