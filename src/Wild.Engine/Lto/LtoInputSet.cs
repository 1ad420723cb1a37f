// The inputs of the second resolution, after the plugin has compiled the IR: claimed files drop out (each
// keeps its FileId as an empty object no entry names), and the plugin's objects take the place GNU ld gives
// them: right after the first claimed file that joined the link, or just before its archive if it is a
// member, so they sit inside crtbegin..crtend like the code they replace. Then, as GNU ld rescans archives
// after the plugin adds files, every archive is named once more at the end, so what the compiled code newly
// needs (memcpy, a libgcc helper) is found even in archives named before it. Libraries and files the plugin
// adds that are already inputs are that rescan's business; new ones are appended.
using Wild.Engine.Diagnostics;
using Wild.Engine.Input;

namespace Wild.Engine.Lto;

internal static class LtoInputSet
{
    /// <summary>The input that <paramref name="path"/> names (same device and inode), or null. One stat: a plugin may
    /// add hundreds of files to a link of thousands of inputs.</summary>
    public static MappedFile? Find(InputSet inputs, string path)
    {
        if (PosixFiles.Stat(path) is not { } identity) return null;
        foreach (var m in inputs.MappedFiles)
            if (m.IsSameFile(identity)) return m;
        return null;
    }

    public static InputSet Build(InputSet inputs, FileId[] claimedFiles, int firstLoadedClaimed, List<ObjectFile> added,
        List<MappedFile> detached, IReadOnlyList<string> addedLibraries, IReadOnlyList<string> extraLibraryPaths, LinkOptions options)
    {
        var entries = inputs.Entries;
        int count = inputs.Objects.Length;
        var claimed = new bool[count];
        foreach (var f in claimedFiles) claimed[f] = true;

        // Where the plugin's objects go, as an entry index and a FileId.
        int insertEntry = entries.Count, insertAt = count;
        if (firstLoadedClaimed >= 0)
            for (int e = 0; e < entries.Count; e++)
            {
                if (entries[e].ObjectId == firstLoadedClaimed)
                {
                    (insertEntry, insertAt) = (e + 1, firstLoadedClaimed + 1);
                    break;
                }
                if (entries[e].MemberIds.Contains(firstLoadedClaimed))
                {
                    (insertEntry, insertAt) = (e, entries[e].MemberIds.Where(m => m >= 0).Min());
                    break;
                }
            }

        int k = added.Count;
        int Remap(int id) => id < 0 ? id : id >= insertAt ? id + k : id;
        var objects = new List<ObjectFile>(count + k);
        foreach (var f in FileId.All(count))
        {
            if (f == insertAt) objects.AddRange(added);
            var o = inputs.Objects[f];
            objects.Add(claimed[f] ? StubObject.Empty(o.DisplayName, o.Archive) : o);
        }
        if (insertAt == count) objects.AddRange(added);

        var result = new List<InputEntry>(entries.Count + k);
        void AddPluginObjects()
        {
            for (int i = 0; i < k; i++)
                result.Add(new InputEntry { Path = added[i].DisplayName, Kind = InputKind.Elf, ObjectId = insertAt + i });
        }
        for (int e = 0; e < entries.Count; e++)
        {
            if (e == insertEntry) AddPluginObjects();
            var x = entries[e];
            if (x.ObjectId >= 0)
            {
                if (!claimed[x.ObjectId]) result.Add(Copy(x, Remap(x.ObjectId), x.MemberIds, x.Group, x.WholeArchive));
                continue;
            }
            var members = new int[x.MemberIds.Length];
            for (int i = 0; i < members.Length; i++)
                members[i] = x.MemberIds[i] >= 0 && claimed[x.MemberIds[i]] ? -1 : Remap(x.MemberIds[i]);
            result.Add(Copy(x, -1, members, x.Group, x.WholeArchive));
        }
        if (insertEntry == entries.Count) AddPluginObjects();

        var mapped = new List<MappedFile>();
        // The plugin's libraries come after the command line, so -Bstatic there still holds for them (as in GNU ld):
        // AArch64 gcc says -Bstatic, not -static, for `gcc -static`, and glibc's libc.so must not answer its -lc.
        bool staticOnly = options.Kind is OutputKind.Static or OutputKind.StaticPie || options.Inputs.LastOrDefault(i => i is InputSpec.File or InputSpec.Library) switch
        {
            InputSpec.File f => f.Modifiers.StaticOnly,
            InputSpec.Library l => l.Modifiers.StaticOnly,
            _ => false,
        };
        foreach (string name in addedLibraries)
        {
            var paths = extraLibraryPaths.Concat(options.LibraryPaths).ToList();
            string path = LibrarySearch.Find(name, verbatim: false, staticOnly, paths);
            if (Find(inputs, path) is null && !mapped.Any(m => m.IsSameFileAs(path)))
                AddLibrary(path, objects, result, mapped, options);
        }

        int group = result.Count == 0 ? 0 : result.Max(e => e.Group) + 1;
        var archives = result.Where(e => e.IsLazy).ToList();
        foreach (var a in archives)
            result.Add(Copy(a, -1, a.MemberIds, group, wholeArchive: false));

        return inputs.Derive(result, [.. objects], detached, awaitsLto: false, mapped);
    }

    /// <summary>A library the plugin asked for that no input names yet: an archive or a shared object, appended.</summary>
    private static void AddLibrary(string path, List<ObjectFile> objects, List<InputEntry> entries, List<MappedFile> mapped, LinkOptions options)
    {
        var file = MappedFile.Open(path);
        mapped.Add(file);
        switch (ElfIdentity.Classify(file.Head))
        {
            case InputKind.Elf:
                ElfIdentity.Check(file.Head, path);
                objects.Add(new ObjectFile(file, 0, file.Length, path, neededName: Path.GetFileName(path))); // found as -l finds it
                entries.Add(new InputEntry { Path = path, Kind = InputKind.Elf, ObjectId = objects.Count - 1 });
                break;
            case InputKind.Archive:
                var archive = Archive.Read(file, _ => throw new InvalidOperationException("a regular archive opens no member files"));
                var ids = new int[archive.Members.Count];
                for (int i = 0; i < ids.Length; i++)
                {
                    var m = archive.Members[i];
                    if (ElfIdentity.Classify(m.File.Slice(m.Offset, Math.Min(m.Size, 4))) != InputKind.Elf)
                    {
                        ids[i] = -1;
                        continue;
                    }
                    objects.Add(new ObjectFile(m.File, m.Offset, m.Size, $"{path}({m.Name})", archive));
                    ids[i] = objects.Count - 1;
                }
                entries.Add(new InputEntry { Path = path, Kind = InputKind.Archive, Archive = archive, MemberIds = ids });
                break;
            default:
                throw new LinkException(ErrorId.LtoPlugin,
                    $"{path}: the LTO plugin {options.Plugin} added a library that is neither an archive nor an object; name it on the command line", path);
        }
    }

    private static InputEntry Copy(InputEntry x, int objectId, int[] memberIds, int group, bool wholeArchive) => new()
    {
        Path = x.Path,
        Kind = x.Kind,
        ObjectId = objectId,
        Archive = x.Archive,
        MemberIds = memberIds,
        WholeArchive = wholeArchive,
        AsNeeded = x.AsNeeded,
        Group = group,
        LazyObjects = x.LazyObjects,
    };
}
