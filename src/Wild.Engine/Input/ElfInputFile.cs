// What Read-ElfObject hands down a pipeline: one validated input (object, archive or library script)
// with its summary. Archive members are only counted here; they are parsed when a link resolves them.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

/// <summary>What a link input is; values are only ever added at the end (scripts compare them by name).</summary>
public enum ElfInputKind { Object, Archive, ThinArchive, LinkerScript, SharedObject }

public sealed class ElfInputFile
{
    private ElfInputFile(string path, ElfInputKind kind, int sections, int symbols, int members, long size)
    {
        Path = path;
        Kind = kind;
        SectionCount = sections;
        SymbolCount = symbols;
        MemberCount = members;
        Size = size;
    }

    public string Path { get; }
    public ElfInputKind Kind { get; }
    public int SectionCount { get; }
    /// <summary>Symbol table entries (objects only; 0 for archives and scripts).</summary>
    public int SymbolCount { get; }
    /// <summary>Archive members (0 for objects).</summary>
    public int MemberCount { get; }
    public long Size { get; }

    /// <summary>Opens and validates <paramref name="path"/>; throws LinkException naming the file if it is unusable.</summary>
    public static ElfInputFile Open(string path)
    {
        using var file = MappedFile.Open(path);
        var kind = ElfIdentity.Classify(file.Span);
        switch (kind)
        {
            case InputKind.Elf:
                ElfIdentity.Check(file.Span, path);
                var obj = new ObjectFile(file, 0, file.Length, path);
                return new ElfInputFile(path, obj.IsShared ? ElfInputKind.SharedObject : ElfInputKind.Object,
                    obj.SectionCount, obj.SymbolCount, 0, file.Length);
            case InputKind.Archive or InputKind.ThinArchive:
                var archive = Archive.Read(file, MappedFile.Open);
                if (archive.IsThin)
                    foreach (var m in archive.Members) m.File.Dispose();
                return new ElfInputFile(path, archive.IsThin ? ElfInputKind.ThinArchive : ElfInputKind.Archive, 0, 0, archive.Members.Count, file.Length);
            case InputKind.LinkerScript:
                LinkerScript.Parse(path, file.Span, InputModifiers.Default);
                return new ElfInputFile(path, ElfInputKind.LinkerScript, 0, 0, 0, file.Length);
            case InputKind.Bitcode:
                throw new LinkException(ErrorId.LtoInput, $"{path}: LLVM bitcode (LTO) input is not supported; rebuild without -flto", path);
            default:
                throw ElfIdentity.NotRecognized(path, file.Span);
        }
    }

    public override string ToString() => Path;
}
