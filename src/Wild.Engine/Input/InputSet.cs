// Phase 1 (read): opens every input named by the options in command-line order, maps it, splits archives
// and parses every object and archive member header and symbol table in parallel. Which archive members
// join the link is decided by resolution; this phase only makes them available.
using Wild.Engine.Diagnostics;
using Wild.Engine.Parallel;

namespace Wild.Engine.Input;

/// <summary>One positional input: a relocatable object, an archive with its members, or the objects of one
/// --start-lib/--end-lib run (lazy, as an archive's members are).</summary>
public sealed class InputEntry
{
    public required string Path { get; init; }
    public required InputKind Kind { get; init; }
    /// <summary>FileId of a plain object; -1 for archives.</summary>
    public int ObjectId { get; init; } = -1;
    public Archive? Archive { get; init; }
    /// <summary>FileId of each archive member, -1 for members that are not ELF objects (e.g. rustc's lib.rmeta).</summary>
    public int[] MemberIds { get; init; } = [];
    public bool WholeArchive { get; init; }
    /// <summary>For a shared object named under --as-needed: DT_NEEDED only if it resolves a reference.</summary>
    public bool AsNeeded { get; init; }
    /// <summary>Index of the --start-group this archive belongs to, -1 if none.</summary>
    public int Group { get; init; } = -1;
    /// <summary>The object files of a --start-lib run: <see cref="MemberIds"/> without an archive around them.</summary>
    public bool LazyObjects { get; init; }
    /// <summary>Whether resolution loads this entry's members only for the symbols they define (an archive, or a
    /// --start-lib run), rather than loading it as it stands.</summary>
    public bool IsLazy => Archive is not null || LazyObjects;
}

public sealed class InputSet : IDisposable
{
    private readonly List<MappedFile> _mapped;
    // The same files, by full path: each file is mapped once however often it is named.
    private readonly Dictionary<string, MappedFile> _byPath;
    // Bytes that belong to no input file (the LTO plugin's objects, read before it removes them): owned, not checked.
    private readonly List<MappedFile> _detached;

    internal InputSet(IReadOnlyList<InputEntry> entries, ObjectFile[] objects, List<MappedFile> mapped, Dictionary<string, MappedFile> byPath,
        List<MappedFile>? detached = null, IReadOnlyList<Lto.IrInput>? irInputs = null, bool awaitsLto = false)
    {
        Entries = entries;
        Objects = objects;
        _mapped = mapped;
        _byPath = byPath;
        _detached = detached ?? [];
        IrInputs = irInputs ?? [];
        AwaitsLto = awaitsLto;
    }

    /// <summary>Inputs holding compiler IR (LLVM bitcode, GCC's .gnu.lto_ objects, clang's fat .llvm.lto objects), in
    /// input order; recorded only when the link has an LTO plugin to offer them to. Bitcode stands as an empty
    /// object until it is claimed.</summary>
    internal IReadOnlyList<Lto.IrInput> IrInputs { get; }

    /// <summary>The VERSION commands of scripts given as inputs (implicit linker scripts), in the order the scripts
    /// were read: GNU ld adds them to the version script.</summary>
    public IReadOnlyList<VersionNode> ScriptVersionNodes { get; private init; } = [];

    /// <summary>True while claimed IR files stand in the link as stubs of their symbols: a resolution over these
    /// inputs is the one the plugin is told about, not the final one (undefined symbols are not errors yet).</summary>
    public bool AwaitsLto { get; }

    /// <summary>The same input files with other <paramref name="entries"/> and <paramref name="objects"/> (the LTO steps:
    /// claimed files become stubs, then the plugin's objects take their place). The mappings are shared: only
    /// the last set of a link is disposed, and it owns <paramref name="moreDetached"/> too.</summary>
    internal InputSet Derive(IReadOnlyList<InputEntry> entries, ObjectFile[] objects, IEnumerable<MappedFile> moreDetached, bool awaitsLto,
        IEnumerable<MappedFile>? moreMapped = null)
    {
        var mapped = new List<MappedFile>(_mapped);
        if (moreMapped is not null)
            foreach (var m in moreMapped)
                if (!mapped.Contains(m)) mapped.Add(m);
        return new InputSet(entries, objects, mapped, new Dictionary<string, MappedFile>(_byPath, StringComparer.Ordinal),
            [.. _detached, .. moreDetached], awaitsLto ? IrInputs : [], awaitsLto) { ScriptVersionNodes = ScriptVersionNodes };
    }

    /// <summary>Inputs in command-line order.</summary>
    public IReadOnlyList<InputEntry> Entries { get; }

    /// <summary>Every object, plain or archive member, indexed by FileId (input order, members in place).</summary>
    public ObjectFile[] Objects { get; }

    public IReadOnlyList<MappedFile> MappedFiles => _mapped;

    /// <summary>Opens every input. With a <paramref name="target"/> (the output is known, as in the `wild` command),
    /// a link whose output is one of its inputs is refused as soon as the files are open, before anything is read.</summary>
    public static InputSet Load(LinkOptions options, ParallelWork work, Writing.OutputTarget? target = null)
    {
        var mapped = new List<MappedFile>();
        var byPath = new Dictionary<string, MappedFile>(StringComparer.Ordinal);
        MappedFile Open(string path)
        {
            // An empty argument ('' from an unset variable in a build script) names no file, as GNU ld says.
            if (path.Length == 0)
                throw new LinkException(ErrorId.InputNotFound, "cannot open '' (an empty argument): No such file or directory", path);
            var full = System.IO.Path.GetFullPath(path);
            if (!byPath.TryGetValue(full, out var m))
            {
                m = MappedFile.Open(path);
                byPath[full] = m;
                mapped.Add(m);
                target?.CheckInput(m);
            }
            return m;
        }

        try
        {
            var archives = Prefetch(options, work, byPath, mapped);
            // Every named file and library is open now: one of them being the output is the first thing to report
            // (as GNU ld does), ahead of a missing input that would fail the link and remove the old output.
            target?.CheckInputs(mapped);
            var pending = new List<(MappedFile File, long Offset, long Size, string Name, Archive? Archive, bool Bitcode, string? NeededName)>();
            // Compiler IR is looked for only when there is a plugin to hand it to: without one, GCC's fat objects
            // link their regular code and a slim one is refused when it is loaded (Resolver).
            bool lookForIr = options.Plugin is not null;
            var entries = new List<InputEntry>();
            int group = -1, groupCount = 0;
            // The object ids of the open --start-lib run (null outside one); flushed as one lazy entry at its end, or
            // when an archive or shared object named inside it must keep its place in the order.
            List<int>? lazy = null;
            void FlushLazy()
            {
                if (lazy is not { Count: > 0 }) return;
                entries.Add(new InputEntry { Path = "--start-lib", Kind = InputKind.Elf, MemberIds = [.. lazy], LazyObjects = true, Group = group });
                lazy.Clear();
            }
            void Add(InputEntry entry)
            {
                if (lazy is not null && entry.Kind == InputKind.Bitcode)
                    throw new LinkException(ErrorId.LtoInput, $"{entry.Path}: LLVM bitcode inside --start-lib/--end-lib is not supported; name it outside the run", entry.Path);
                var p = entry.ObjectId >= 0 ? pending[entry.ObjectId] : default;
                if (lazy is not null && entry.Kind == InputKind.Elf && entry.ObjectId >= 0
                    && BitConverter.ToUInt16(p.File.Slice(p.Offset + 16, 2)) == Elf.ElfConstants.ET_REL)
                {
                    lazy.Add(entry.ObjectId);
                    return;
                }
                FlushLazy();
                entries.Add(entry);
            }
            // Scripts used as libraries expand in place; the queue bounds how many expansions can happen.
            var queue = new List<InputSpec>(options.Inputs);
            var scriptVersions = new List<VersionNode>();
            var sysroot = options.Sysroot is { } root ? new Sysroot(root) : null;
            // -L's directories, then those the SEARCH_DIR of scripts given as inputs add as they are read.
            var searchPaths = new List<string>(options.LibraryPaths);
            // The scripts each queued input came from, so only a real cycle (a script inside its own
            // expansion) is an error; the same script named twice (-lm -lm) is fine.
            var chains = new List<string[]>(Enumerable.Repeat(Array.Empty<string>(), queue.Count));
            for (int qi = 0; qi < queue.Count; qi++)
            {
                var spec = queue[qi];
                switch (spec)
                {
                    case InputSpec.GroupStart:
                        if (group >= 0)
                            throw new LinkException(ErrorId.InvalidOption, "nested --start-group is not allowed");
                        group = groupCount++;
                        break;
                    case InputSpec.GroupEnd:
                        if (group < 0)
                            throw new LinkException(ErrorId.InvalidOption, "--end-group without --start-group");
                        FlushLazy();
                        group = -1;
                        break;
                    case InputSpec.LibStart:
                        if (lazy is not null)
                            throw new LinkException(ErrorId.InvalidOption, "nested --start-lib is not allowed");
                        lazy = [];
                        break;
                    case InputSpec.LibEnd:
                        if (lazy is null)
                            throw new LinkException(ErrorId.InvalidOption, "--end-lib without --start-lib");
                        FlushLazy();
                        lazy = null;
                        break;
                    case InputSpec.File f:
                        if (AddFile(f.Path, f.Modifiers, group, f.Path) is { } entry) Add(entry);
                        else ExpandScript(f.Path, f.Modifiers, qi);
                        break;
                    case InputSpec.Library l:
                        var path = LibrarySearch.Find(l.Name, l.Verbatim, l.Modifiers.StaticOnly, searchPaths);
                        if (AddFile(path, l.Modifiers, group, System.IO.Path.GetFileName(path)) is { } libEntry) Add(libEntry);
                        else ExpandScript(path, l.Modifiers, qi);
                        break;
                }
            }
            if (group >= 0)
                throw new LinkException(ErrorId.InvalidOption, "--start-group without --end-group");
            if (lazy is not null)
                throw new LinkException(ErrorId.InvalidOption, "--start-lib without --end-lib");

            void ExpandScript(string path, InputModifiers modifiers, int at)
            {
                string full = System.IO.Path.GetFullPath(path);
                var chain = chains[at];
                if (chain.Contains(full, StringComparer.Ordinal))
                    throw new LinkException(ErrorId.MalformedLinkerScript,
                        $"{path}: linker script includes itself ({string.Join(" -> ", chain.Append(full))})", path);
                var expanded = LinkerScript.Parse(path, Open(path).Span, modifiers, scriptVersions, sysroot, searchPaths);
                // A GROUP inside an explicit --start-group simply joins the outer group.
                if (group >= 0) expanded.RemoveAll(e => e is InputSpec.GroupStart or InputSpec.GroupEnd);
                queue.InsertRange(at + 1, expanded);
                chains.InsertRange(at + 1, Enumerable.Repeat(chain.Append(full).ToArray(), expanded.Count));
            }

            // neededName: what DT_NEEDED says of a shared object without DT_SONAME (the path as given, a found library's file name).
            InputEntry? AddFile(string path, InputModifiers modifiers, int inGroup, string neededName)
            {
                var file = Open(path);
                var kind = ElfIdentity.Classify(file.Head);
                switch (kind)
                {
                    case InputKind.Elf:
                        ElfIdentity.Check(file.Head, path);
                        bool shared = BitConverter.ToUInt16(file.Head[16..18]) == Elf.ElfConstants.ET_DYN;
                        if (shared && options.Kind is OutputKind.Static or OutputKind.StaticPie)
                            throw new LinkException(ErrorId.UnsupportedInput,
                                $"{path}: a shared object cannot be linked into a static executable", path);
                        pending.Add((file, 0, file.Length, path, null, false, neededName));
                        return new InputEntry { Path = path, Kind = kind, ObjectId = pending.Count - 1, AsNeeded = shared && modifiers.AsNeeded };
                    case InputKind.Archive or InputKind.ThinArchive:
                        var archive = archives.TryGetValue(file, out var parsed) ? parsed : Archive.Read(file, Open);
                        var ids = new int[archive.Members.Count];
                        for (int i = 0; i < ids.Length; i++)
                        {
                            var m = archive.Members[i];
                            var memberKind = ElfIdentity.Classify(m.File.Slice(m.Offset, Math.Min(m.Size, 4)));
                            if (memberKind == InputKind.Elf || (memberKind == InputKind.Bitcode && lookForIr))
                            {
                                pending.Add((m.File, m.Offset, m.Size, $"{path}({m.Name})", archive, memberKind == InputKind.Bitcode, null));
                                ids[i] = pending.Count - 1;
                            }
                            else
                                ids[i] = -1;
                        }
                        return new InputEntry
                        {
                            Path = path, Kind = kind, Archive = archive, MemberIds = ids,
                            WholeArchive = modifiers.WholeArchive, Group = inGroup,
                        };
                    case InputKind.LinkerScript:
                        return null;
                    case InputKind.Bitcode:
                        if (!lookForIr)
                            throw new LinkException(ErrorId.LtoInput,
                                $"{path}: LLVM bitcode (built with -flto) needs the LTO plugin: link through clang -flto, which passes -plugin LLVMgold.so", path);
                        pending.Add((file, 0, file.Length, path, null, true, null));
                        return new InputEntry { Path = path, Kind = kind, ObjectId = pending.Count - 1 };
                    default:
                        throw ElfIdentity.NotRecognized(path, file.Head);
                }
            }

            // --just-symbols: after the named inputs (their definitions never replace an archive member's place in
            // the order), each as an object of absolute symbols.
            var justSymbols = new HashSet<int>();
            foreach (var path in options.JustSymbols)
            {
                justSymbols.Add(pending.Count);
                var symbols = JustSymbolsObject.Build(Open(path), path);
                pending.Add((symbols, 0, symbols.Length, path, null, false, null));
                entries.Add(new InputEntry { Path = path, Kind = InputKind.Elf, ObjectId = pending.Count - 1 });
            }

            var objects = new ObjectFile[pending.Count];
            bool anyIr = false;
            work.For(pending.Count, i =>
            {
                var p = pending[i];
                objects[i] = p.Bitcode ? Lto.StubObject.Empty(p.Name, p.Archive)
                    : new ObjectFile(p.File, p.Offset, p.Size, p.Name, p.Archive, neededName: p.NeededName) { IsJustSymbols = justSymbols.Contains(i) };
                if (lookForIr && (p.Bitcode || objects[i].HasGccLtoSections || objects[i].HasLlvmLtoSection)) Volatile.Write(ref anyIr, true);
            });
            var ir = new List<Lto.IrInput>();
            if (anyIr)
                for (int i = 0; i < pending.Count; i++)
                    if (pending[i].Bitcode || objects[i].HasGccLtoSections || objects[i].HasLlvmLtoSection)
                        ir.Add(new Lto.IrInput((FileId)i, pending[i].File, pending[i].Offset, pending[i].Size, pending[i].Name, pending[i].Archive, pending[i].Bitcode));
            // The plugin is told about files, not about lazily offered objects: refused rather than linked eagerly.
            foreach (var lib in entries)
                if (lib.LazyObjects && ir.FindIndex(x => lib.MemberIds.Contains(x.FileId)) is var at and >= 0)
                    throw new LinkException(ErrorId.LtoInput, $"{ir[at].Name}: an LTO object inside --start-lib/--end-lib is not supported; name it outside the run", ir[at].Name);
            return new InputSet(entries, objects, mapped, byPath, irInputs: ir) { ScriptVersionNodes = scriptVersions };
        }
        catch
        {
            foreach (var m in mapped) m.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Maps the named files and the libraries the search finds in parallel (opening hundreds of files is
    /// most of this phase), and reads the member headers of the regular archives among them, also in
    /// parallel (walking LLVM's archives was most of the ordered pass). Failures are left for the ordered
    /// pass, which reports them in input order; thin archives, which open their members, are read there too.
    /// </summary>
    private static Dictionary<MappedFile, Archive> Prefetch(LinkOptions options, ParallelWork work, Dictionary<string, MappedFile> byPath, List<MappedFile> mapped)
    {
        var paths = new List<string>();
        foreach (var spec in options.Inputs)
        {
            if (spec is InputSpec.File f) paths.Add(f.Path);
            else if (spec is InputSpec.Library l)
            {
                try { paths.Add(LibrarySearch.Find(l.Name, l.Verbatim, l.Modifiers.StaticOnly, options.LibraryPaths)); }
                catch (LinkException) { }
            }
        }
        var files = new MappedFile?[paths.Count];
        work.For(paths.Count, i =>
        {
            try { files[i] = MappedFile.Open(paths[i]); }
            catch (LinkException) { }
        });
        var unique = new List<MappedFile>();
        for (int i = 0; i < paths.Count; i++)
        {
            if (files[i] is not { } m) continue;
            if (byPath.TryAdd(System.IO.Path.GetFullPath(paths[i]), m))
            {
                mapped.Add(m);
                unique.Add(m);
            }
            else m.Dispose();
        }
        var parsed = new Archive?[unique.Count];
        work.For(unique.Count, i =>
        {
            if (ElfIdentity.Classify(unique[i].Head) != InputKind.Archive) return;
            try { parsed[i] = Archive.Read(unique[i], _ => throw new InvalidOperationException("a regular archive opens no member files")); }
            catch (LinkException) { }
        });
        var archives = new Dictionary<MappedFile, Archive>();
        for (int i = 0; i < unique.Count; i++)
            if (parsed[i] is { } archive) archives[unique[i]] = archive;
        return archives;
    }

    public void Dispose()
    {
        foreach (var m in _mapped) m.Dispose();
        foreach (var m in _detached) m.Dispose();
        _mapped.Clear();
        _detached.Clear();
        _byPath.Clear();
    }
}
