// What Read-ElfObject hands down a pipeline: one validated input (object, archive, library script, or
// compiler IR for LTO) with its summary. Archive members are only counted here; they are parsed when a link
// resolves them, and an LTO object's symbols are the plugin's to tell, when a link offers it the file.
using Wild.Engine.Diagnostics;

namespace Wild.Engine.Input;

/// <summary>What a link input is; values are only ever added at the end (scripts compare them by name).
/// LtoObject is compiler IR with no code to link without the LTO plugin (LLVM bitcode, GCC's slim objects).</summary>
public enum ElfInputKind { Object, Archive, ThinArchive, LinkerScript, SharedObject, LtoObject }

/// <summary>Which compiler's IR for link-time optimisation an input holds, if any.</summary>
public enum LtoFormat
{
    None,
    /// <summary>GCC's GIMPLE only (-flto): needs gcc's liblto_plugin.so.</summary>
    GccSlim,
    /// <summary>GCC's GIMPLE and regular code (-flto -ffat-lto-objects): links without a plugin too.</summary>
    GccFat,
    /// <summary>LLVM bitcode (clang -flto): needs LLVMgold.so.</summary>
    LlvmBitcode,
}

public sealed class ElfInputFile
{
    private ElfInputFile(string path, ElfInputKind kind, int sections, int symbols, int members, long size, LtoFormat lto = LtoFormat.None)
    {
        Path = path;
        Kind = kind;
        SectionCount = sections;
        SymbolCount = symbols;
        MemberCount = members;
        Size = size;
        Lto = lto;
    }

    /// <summary>The compiler IR the file holds for link-time optimisation (objects only).</summary>
    public LtoFormat Lto { get; }

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
        var kind = ElfIdentity.Classify(file.Head);
        switch (kind)
        {
            case InputKind.Elf:
                ElfIdentity.Check(file.Head, path);
                var obj = new ObjectFile(file, 0, file.Length, path);
                var lto = !obj.HasGccLtoSections ? LtoFormat.None : Wild.Engine.Lto.GccLtoObject.IsSlim(obj) ? LtoFormat.GccSlim : LtoFormat.GccFat;
                var objectKind = obj.IsShared ? ElfInputKind.SharedObject : lto == LtoFormat.GccSlim ? ElfInputKind.LtoObject : ElfInputKind.Object;
                return new ElfInputFile(path, objectKind, obj.SectionCount, obj.SymbolCount, 0, file.Length, lto);
            case InputKind.Archive or InputKind.ThinArchive:
                var archive = Archive.Read(file, MappedFile.Open);
                if (archive.IsThin)
                    foreach (var m in archive.Members) m.File.Dispose();
                return new ElfInputFile(path, archive.IsThin ? ElfInputKind.ThinArchive : ElfInputKind.Archive, 0, 0, archive.Members.Count, file.Length);
            case InputKind.LinkerScript:
                LinkerScript.Parse(path, file.Span, InputModifiers.Default, []);
                return new ElfInputFile(path, ElfInputKind.LinkerScript, 0, 0, 0, file.Length);
            case InputKind.Bitcode:
                // Its symbols are known only to the plugin that will claim it when the link runs.
                return new ElfInputFile(path, ElfInputKind.LtoObject, 0, 0, 0, file.Length, LtoFormat.LlvmBitcode);
            default:
                throw ElfIdentity.NotRecognized(path, file.Head);
        }
    }

    public override string ToString() => Path;
}
